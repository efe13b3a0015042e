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
    ### BEGIN SOLUTION
    x = jnp.asarray(x, dtype=float)

    def log_psi_of_x(y):
        return log_psi(params, y)

    grad = jax.grad(log_psi_of_x)(x)
    laplacian = jnp.trace(jax.hessian(log_psi_of_x)(x))
    return -0.5 * (laplacian + jnp.dot(grad, grad)) + potential(x)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 2:
        raise ValueError(f"x0 must hold the walkers as an array (W, d), got shape {x0.shape}")
    if n_steps < 1:
        raise ValueError(f"n_steps must be a positive integer, got {n_steps}")
    if step_size <= 0:
        raise ValueError(f"step_size must be positive, got {step_size}")
    log_psi_walkers = jax.vmap(log_psi, in_axes=(None, 0))  # (W, d) -> (W,)
    # All random numbers up front: the Gaussian moves and the uniforms of the acceptance tests.
    move_key, accept_key = jax.random.split(key)
    moves = step_size * jax.random.normal(move_key, (n_steps, *x0.shape))
    log_u = jnp.log(jax.random.uniform(accept_key, (n_steps, x0.shape[0])))

    def step(carry, randoms):
        x, log_psi_x = carry
        move, log_u_step = randoms
        proposal = x + move
        log_psi_proposal = log_psi_walkers(params, proposal)
        # log u < log(|psi'|^2 / |psi|^2) happens with probability min(1, |psi'|^2 / |psi|^2).
        accept = log_u_step < 2.0 * (log_psi_proposal - log_psi_x)
        x = jnp.where(accept[:, None], proposal, x)
        log_psi_x = jnp.where(accept, log_psi_proposal, log_psi_x)
        return (x, log_psi_x), (x, accept)

    carry = (x0, log_psi_walkers(params, x0))
    _, (samples, accepted) = jax.lax.scan(step, carry, (moves, log_u))
    return samples, jnp.mean(accepted.astype(float))  # the mean of booleans would be float32
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    e_loc = jnp.asarray(e_loc, dtype=float)
    if e_loc.ndim != 2:
        raise ValueError(f"e_loc must have shape (n_steps, W), got shape {e_loc.shape}")
    if e_loc.shape[1] < 2:
        raise ValueError(f"an error bar needs at least 2 walkers, got W = {e_loc.shape[1]}")
    walker_means = jnp.mean(e_loc, axis=0)
    return jnp.mean(e_loc), jnp.std(walker_means, ddof=1) / jnp.sqrt(e_loc.shape[1])
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    e_loc = jnp.asarray(e_loc, dtype=float)
    grad_log_psi = jnp.asarray(grad_log_psi, dtype=float)
    if e_loc.ndim != 1 or grad_log_psi.ndim != 2:
        raise ValueError(f"e_loc must be (N,) and grad_log_psi (N, P), got shapes "
                         f"{e_loc.shape} and {grad_log_psi.shape}")
    if e_loc.shape[0] != grad_log_psi.shape[0]:
        raise ValueError(f"e_loc has {e_loc.shape[0]} samples but grad_log_psi has {grad_log_psi.shape[0]}")
    centred = e_loc - jnp.mean(e_loc)
    return 2.0 * jnp.mean(centred[:, None] * grad_log_psi, axis=0)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    r = jnp.asarray(r, dtype=float)
    if r.ndim != 2 or r.shape[1] != 3:
        raise ValueError(f"r must hold n electron positions as an array (n, 3), got shape {r.shape}")
    phi = jax.vmap(orbitals)(r)
    if phi.shape != (r.shape[0], r.shape[0]):
        raise ValueError(f"{r.shape[0]} electrons need {r.shape[0]} orbitals, got a matrix of shape {phi.shape}")
    return jnp.linalg.slogdet(phi)
    ### END SOLUTION
