"""Trial states, closed forms and exact samplers shared by the tests of vmc.py (not collected).

Two textbook systems in Hartree atomic units, whose VMC quantities are known in closed form:

- the 1D harmonic oscillator, V = x^2 / 2, psi = exp(-alpha x^2): |psi|^2 is a Gaussian of
  variance 1/(4 alpha), E_L = alpha + (1/2 - 2 alpha^2) x^2, E(alpha) = alpha/2 + 1/(8 alpha),
  exact ground state E_0 = 1/2 at alpha = 1/2;
- the hydrogen atom, V = -1/|r|, psi = exp(-alpha |r|): |r| under |psi|^2 follows
  r^2 exp(-2 alpha r), a Gamma(3, 1/(2 alpha)) law, E_L = -alpha^2/2 + (alpha - 1)/|r|,
  E(alpha) = alpha^2/2 - alpha, exact E_0 = -1/2 at alpha = 1.

The trial states and potentials are jax.numpy functions of one configuration, the
`log_psi(params, x)` and `potential(x)` of the docstrings; the closed forms and the samplers are numpy.
Everything is defined at module level, so repeated calls trace the same functions.

Compilation is most of a JAX week's grading time: a submitted function called eagerly
compiles every jax.numpy operation it runs, once per shape.  `autograder.tracing.traced_or_eager` compiles a
submitted function of a few numbers as a whole instead, and calls it as it is where JAX
cannot trace it; the tests use few distinct shapes, so that what is compiled is reused.

One bug costs one task: no graded function of vmc.py calls another in the reference (the
notebook composes them), and every test builds its inputs and expected values here, never
with a graded function of another task, so no test needs `vmc.oracles(...)`.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st

from autograder.checks import assert_shape

OSCILLATOR_E0 = 0.5
HYDROGEN_E0 = -0.5

seeds = st.integers(min_value=0, max_value=2**32 - 1)


# --------------------------------------------------------------- calling submitted functions


# ------------------------------------------------------------------------- trial states (jax)

def oscillator_log_psi(alpha, x):
    """log psi = -alpha |x|^2 for x of shape (d,) (d = 1: the 1D oscillator)."""
    return -alpha * jnp.sum(x * x)


def oscillator_potential(x):
    """V = |x|^2 / 2."""
    return 0.5 * jnp.sum(x * x)


def hydrogen_log_psi(alpha, r):
    """log psi = -alpha |r| for one electron at r of shape (3,)."""
    return -alpha * jnp.linalg.norm(r)


def hydrogen_potential(r):
    """Coulomb attraction of the proton, V = -1/|r|."""
    return -1.0 / jnp.linalg.norm(r)


def flat_log_psi(params, x):
    """A constant wave function: every Metropolis move is accepted (a free random walk)."""
    return 0.0 * jnp.sum(x)


# ------------------------------------------------------------------------ closed forms (numpy)

def oscillator_local_energy(alpha, x):
    """E_L = alpha + (1/2 - 2 alpha^2) x^2 at 1D positions x (any shape)."""
    x = np.asarray(x, float)
    return alpha + (0.5 - 2.0 * alpha**2) * x**2


def hydrogen_local_energy(alpha, r):
    """E_L = -alpha^2/2 + (alpha - 1)/|r| at positions r (..., 3)."""
    distance = np.sqrt(np.sum(np.asarray(r, float) ** 2, axis=-1))
    return (alpha - 1.0) / distance - alpha**2 / 2.0


def oscillator_energy(alpha):
    """E(alpha) = alpha/2 + 1/(8 alpha), the variational energy of exp(-alpha x^2)."""
    return alpha / 2.0 + 1.0 / (8.0 * alpha)


def oscillator_energy_derivative(alpha):
    """dE/dalpha = 1/2 - 1/(8 alpha^2)."""
    return 0.5 - 1.0 / (8.0 * alpha**2)


# --------------------------------------------------------------------- exact samples of |psi|^2

def oscillator_samples(alpha, shape, seed):
    """Independent 1D positions from |exp(-alpha x^2)|^2, a Gaussian of variance 1/(4 alpha)."""
    return np.random.default_rng(seed).normal(scale=np.sqrt(0.25 / alpha), size=shape)


def hydrogen_samples(alpha, n, seed):
    """n independent positions (n, 3) from |exp(-alpha r)|^2: |r| ~ Gamma(3, 1/(2 alpha)), isotropic."""
    rng = np.random.default_rng(seed)
    direction = rng.normal(size=(n, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    return rng.gamma(3.0, 0.5 / alpha, size=(n, 1)) * direction


def number_pair(result, function, names):
    """A submitted pair of single numbers, e.g. (mean, stderr), as two floats, checked."""
    try:
        first, second = result
    except (TypeError, ValueError):
        raise AssertionError(f"{function} must return the pair ({names[0]}, {names[1]}), "
                             f"got {type(result).__name__}") from None
    return tuple(float(assert_shape(value, (), f"{name} (a single number)"))
                 for value, name in zip((first, second), names))


def mean_and_error(values):
    """Mean of independent values and the standard error of that mean (ddof = 1)."""
    values = np.ravel(np.asarray(values, float))
    return values.mean(), values.std(ddof=1) / np.sqrt(values.size)


def walker_mean_oracle(e_loc):
    """The estimate of vmc_estimate's docstring from an (n_steps, W) array, written as sums: mean,
    and the spread of the W column averages (ddof = 1) over sqrt(W)."""
    e_loc = np.asarray(e_loc, float)
    n_steps, walkers = e_loc.shape
    columns = e_loc.sum(axis=0) / n_steps
    spread = np.sqrt(np.sum((columns - columns.sum() / walkers) ** 2) / (walkers - 1))
    return e_loc.sum() / e_loc.size, spread / np.sqrt(walkers)


def gradient_oracle(e_loc, grad_log_psi):
    """2 cov(E_L, O_k) with ddof = 0, by numpy's covariance of the stacked rows."""
    rows = np.vstack([np.asarray(e_loc, float), np.asarray(grad_log_psi, float).T])
    return 2.0 * np.cov(rows, bias=True)[0, 1:]


# ------------------------------------------------------------------------------ orbitals (jax)

def plane_orbitals(ri):
    """Three orbitals (1, x, y) of one position: det Phi is twice the signed area of the
    triangle of three electrons projected on the xy plane."""
    return jnp.stack([jnp.ones_like(ri[0]), ri[0], ri[1]])


def hydrogenic_orbitals(ri):
    """1s, 2s, 2p_x, 2p_z hydrogen-like orbitals (Z = 1, unnormalised) at one position (3,)."""
    x, y, z = ri
    distance = jnp.sqrt(x * x + y * y + z * z)
    outer = jnp.exp(-distance / 2.0)
    return jnp.stack([jnp.exp(-distance), (1.0 - distance / 2.0) * outer, x * outer, z * outer])


GAUSSIAN_CENTRES = np.array([[0.0, 0.0, 0.0], [1.2, -0.3, 0.4], [-0.5, 0.9, -0.8]])


def gaussian_orbitals(ri):
    """Three s-type Gaussians exp(-|r - c_j|^2 / 2) on different centres c_j, one position (3,)."""
    offsets = ri[None, :] - jnp.asarray(GAUSSIAN_CENTRES)
    return jnp.exp(-0.5 * jnp.sum(offsets**2, axis=1))


# name -> (orbitals, number of electrons = number of orbitals)
ORBITAL_SETS = {"hydrogenic (4 electrons)": (hydrogenic_orbitals, 4),
                "Gaussian (3 electrons)": (gaussian_orbitals, 3)}


@functools.cache
def _compiled_orbitals(orbitals):
    return jax.jit(orbitals)


def orbital_matrix(orbitals, r):
    """Phi[i, j] = orbitals(r[i])[j], one electron per row, built by a Python loop (orbitals jitted)."""
    one_electron = _compiled_orbitals(orbitals)
    return np.array([np.asarray(one_electron(jnp.asarray(position))) for position in np.asarray(r, float)])


def electron_positions(seed, n):
    """n electrons spread over a few Bohr radii, (n, 3)."""
    return np.random.default_rng(seed).normal(scale=1.5, size=(n, 3))


def permutation_sign(permutation):
    """(-1)^(number of even-length cycles) of a permutation of range(n)."""
    seen, sign = set(), 1
    for start in range(len(permutation)):
        length = 0
        while start not in seen:
            seen.add(start)
            start = permutation[start]
            length += 1
        if length and length % 2 == 0:
            sign = -sign
    return sign
