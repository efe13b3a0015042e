"""Week 5: variational Monte Carlo (VMC).

A trial wave function psi_params(x) gives an upper bound on the ground-state energy E_0
(the variational principle):

    E(params) = <psi|H|psi> / <psi|psi> = integral |psi(x)|^2 E_L(x) dx / integral |psi|^2 >= E_0,

with the *local energy* E_L(x) = (H psi)(x) / psi(x).  VMC samples x from |psi|^2 with
Metropolis Monte Carlo, averages E_L over the samples, and lowers E(params) with its
gradient.  At an exact eigenstate E_L is the same constant everywhere, so the estimate has
zero variance (the zero-variance principle).

Conventions used throughout (Hartree atomic units, H = -1/2 laplacian + V):

- A trial state is given by `log_psi(params, x) -> log|psi(x)|`, a scalar function of one
  configuration x of shape (d,), written with jax.numpy.  `params` is anything `log_psi`
  accepts (a float, an array, a dict of arrays).  Working with log psi avoids overflow and
  turns ratios of wave functions into differences.
- `potential(x) -> V(x)` is a scalar function of one configuration, written with jax.numpy.
- A batch of W walkers is an array (W, d); a Monte Carlo run is (n_steps, W, d).
- Randomness comes in as a `jax.random` key, never from global state.
- Every function is built from jax.numpy, so that `jax.vmap`, `jax.grad` and `jax.jit`
  work through it.  Arguments that make no sense raise `ValueError` with a message that
  says what is wrong.
"""

import jax
import jax.numpy as jnp


def local_energy(log_psi, params, x, potential):
    """The local energy E_L(x) = (H psi)(x) / psi(x) of one configuration.

    With H = -1/2 laplacian + V and psi = exp(log psi),

        laplacian psi / psi = laplacian log psi + |grad log psi|^2,

    so E_L = -1/2 (laplacian log psi + |grad log psi|^2) + V(x).  Compute the gradient and
    the Laplacian (the trace of the Hessian) of x -> log_psi(params, x) with automatic
    differentiation (jax.grad, jax.hessian, or jax.jvp of jax.grad along the d unit
    vectors).

    Examples: for psi = exp(-alpha x^2) in 1D with V = x^2 / 2,
    E_L = alpha + (1/2 - 2 alpha^2) x^2, the constant 1/2 at alpha = 1/2; for hydrogen,
    psi = exp(-alpha |r|) with V = -1/|r|, E_L = -alpha^2 / 2 + (alpha - 1) / |r|.

    Args:
        log_psi: function (params, x) -> log|psi(x)|, x of shape (d,), written with jax.numpy.
        params: the variational parameters, passed to log_psi unchanged.
        x: one configuration, shape (d,).
        potential: function x -> V(x), a scalar, written with jax.numpy.

    Returns:
        The local energy E_L(x), a scalar (0-d array).  The function works under jax.vmap
        (over x) and jax.jit.
    """
    raise NotImplementedError('week 5, vmc.py: local_energy is not implemented yet')


def metropolis_sample(log_psi, params, x0, n_steps, step_size, key):
    """Sample |psi|^2 with W independent Metropolis random walkers.

    At every step each walker proposes x' = x + step_size * N(0, 1) (a fresh standard
    normal for every coordinate), and accepts the move with probability

        min(1, |psi(x')|^2 / |psi(x)|^2) = min(1, exp(2 (log psi(x') - log psi(x)))).

    A rejected walker stays where it is, and that position counts again as a sample.  The
    proposal is symmetric, so this chain obeys detailed balance with respect to |psi|^2.
    The first samples depend on x0: discard them (burn-in) before averaging.

    The walkers are independent Markov chains: no random number is shared between walkers,
    steps or coordinates (one uniform per walker and per step), so that the spread of the
    walker means is an honest error bar (vmc_estimate).  Use jax.random: split `key` so that
    every random number is fresh, e.g. draw all the moves (n_steps, W, d) and all the
    uniforms (n_steps, W) up front from two sub-keys, or split a new key at every step.
    jax.lax.scan over the steps is fast; a Python loop is fine too.

    Args:
        log_psi: function (params, x) -> log|psi(x)|, x of shape (d,), written with jax.numpy.
        params: the variational parameters, passed to log_psi unchanged.
        x0: start positions of the walkers, shape (W, d).
        n_steps: number of Metropolis steps, an integer >= 1.
        step_size: standard deviation of the Gaussian proposal, > 0.
        key: a jax.random key.

    Returns:
        A tuple (samples, acceptance_rate):
        samples, shape (n_steps, W, d): samples[k] holds the positions after step k + 1
            (x0 itself is not a sample);
        acceptance_rate, a scalar (float or 0-d array): the fraction of accepted moves
            over all steps and all walkers, between 0 and 1.

    Raises:
        ValueError: if x0 is not 2-D (W, d), n_steps < 1, or step_size <= 0.
    """
    raise NotImplementedError('week 5, vmc.py: metropolis_sample is not implemented yet')


def vmc_estimate(e_loc):
    """Monte Carlo estimate of the energy and its error bar from W independent walkers.

    Successive samples of one walker are correlated (a Metropolis chain moves little per
    step), so the standard deviation of all n_steps * W samples divided by
    sqrt(n_steps * W) underestimates the error.  Different walkers are independent: average
    each walker over its steps, and take the spread of those W walker means,

        mean   = average of all entries of e_loc,
        stderr = std(walker means, ddof=1) / sqrt(W).

    Args:
        e_loc: local energies, shape (n_steps, W) (burn-in already removed), W >= 2.

    Returns:
        A tuple (mean, stderr) of two scalars (floats or 0-d arrays).

    Raises:
        ValueError: if e_loc is not 2-D or has fewer than 2 walkers (columns).
    """
    raise NotImplementedError('week 5, vmc.py: vmc_estimate is not implemented yet')


def energy_gradient(e_loc, grad_log_psi):
    """Monte Carlo estimate of the gradient of the variational energy E(params).

    With O_k(x) = d log|psi(x)| / d params_k,

        dE / dparams_k = 2 < (E_L - <E_L>) O_k >,

    the average over samples of |psi|^2 (psi real).  The term -<E_L> comes from
    differentiating the normalisation integral of |psi|^2 in E = <psi|H|psi> / <psi|psi>:
    without it the estimate is off by 2 <E_L> <O_k>.  It also makes the estimate exactly
    zero at an eigenstate, where E_L is the same constant for every sample.

    Args:
        e_loc: local energies of N samples, shape (N,).
        grad_log_psi: O of the same N samples, shape (N, P) (P parameters).

    Returns:
        The gradient estimate, shape (P,).

    Raises:
        ValueError: if e_loc is not 1-D, grad_log_psi is not 2-D, or their lengths N differ.
    """
    raise NotImplementedError('week 5, vmc.py: energy_gradient is not implemented yet')


def slater_log_psi(orbitals, r):
    """Sign and log|det| of the Slater determinant of n electrons in n orbitals.

    Phi[i, j] = orbitals(r[i])[j] is orbital j at electron i.  det Phi is antisymmetric:
    swapping two electrons swaps two rows and flips its sign (the Pauli principle), and it
    vanishes when two electrons coincide.  Return it as (sign, log|det Phi|), the form of
    jnp.linalg.slogdet, which neither overflows nor underflows for many electrons.

    Args:
        orbitals: function r_i -> (n,), the n orbital values at one position r_i of
            shape (3,), written with jax.numpy (apply it electron by electron, e.g. with
            jax.vmap).
        r: electron positions, shape (n, 3).

    Returns:
        A tuple (sign, logabsdet) of two scalars: the sign of det Phi (+1 or -1; 0 if it
        is exactly 0) and log|det Phi| (-inf if it is exactly 0).

    Raises:
        ValueError: if r is not of shape (n, 3), or `orbitals` does not give n values per
            electron (Phi is not (n, n)).
    """
    raise NotImplementedError('week 5, vmc.py: slater_log_psi is not implemented yet')
