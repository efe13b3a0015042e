"""Week 12, task lennard_jones_energy: the energy of a Lennard-Jones cluster.

Oracles (_equivariance_oracles.py): a loop over the pairs i < j in numpy, the forces derived
by hand, and the 13-atom icosahedron built from its vertices (0, +-1, +-phi), whose radius
minimises the energy in closed form.  The random clusters have 6 atoms (one shape).
"""

import functools

import jax
import numpy as np
import pytest
from _equivariance_oracles import (LJ13_MINIMUM, N_ATOMS, QUARTER_TURN_Z, clusters, describe, icosahedron,
                                   lj13_optimal_radius, lj_energy_oracle, lj_forces_oracle, orthogonal_matrices,
                                   translations)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_invariant, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager

equivariance = submission_module("week12_equivariance", "equivariance.py")

R_MIN = 2 ** (1 / 6)  # the bottom of the well, in units of sigma
epsilons = st.floats(0.5, 3.0)
sigmas = st.floats(0.8, 1.2)


def energy(x, epsilon=1.0, sigma=1.0):
    """The student's energy as a float, checked to be a single number.

    In the units eps = sigma = 1 of most calls the energy is compiled once per shape where JAX
    traces it; other units are called as written (the drawn eps and sigma would each compile).
    """
    energy_fn = equivariance.lennard_jones_energy
    if (epsilon, sigma) == (1.0, 1.0):
        result = in_unit_parameters(energy_fn)(x)
    else:
        result = energy_fn(x, epsilon=epsilon, sigma=sigma)
    value = np.asarray(result, dtype=float)
    assert value.shape == (), f"lennard_jones_energy must return a scalar, got an array of shape {value.shape}"
    return float(value)


@functools.cache
def in_unit_parameters(energy_fn):
    """E(x) with eps = sigma = 1 (the parameters are constants of the trace: the code may test them in Python)."""
    return traced_or_eager(lambda x: energy_fn(x, epsilon=1.0, sigma=1.0))


@functools.cache
def compiled_gradient(energy_fn):
    """jax.jit(jax.grad(energy_fn)), compiled once per function (hypothesis calls it for many inputs)."""
    return jax.jit(jax.grad(energy_fn))


def dimer(r):
    return np.array([[0.0, 0.0, 0.0], [r, 0.0, 0.0]])


@pytest.mark.task("lennard_jones_energy")
def test_lj_dimer_curve():
    """Two atoms: the pair energy 4 eps ((sigma/r)^12 - (sigma/r)^6) is -eps at r = 2^(1/6) sigma and 0 at r = sigma.

    With eps = sigma = 1: E(2^(1/6)) = 4 (1/4 - 1/2) = -1, E(1) = 0, E(2) = 4 (2^-12 - 2^-6) = -0.0615234375;
    with eps = 2, sigma = 1.5: E(2^(1/6) * 1.5) = -2 and E(1.5) = 0.

    Hint: (sigma/r)^6 and its square, the factor 4 eps, and r the distance (not its square).
    """
    assert_close(energy(dimer(R_MIN)), -1.0, "E of two atoms at r = 2^(1/6) (eps = sigma = 1)")
    assert_close(energy(dimer(1.0)), 0.0, "E of two atoms at r = sigma = 1", atol=1e-12)
    assert_close(energy(dimer(2.0)), -0.0615234375, "E of two atoms at r = 2 (eps = sigma = 1)")
    assert_close(energy(dimer(1.5 * R_MIN), 2.0, 1.5), -2.0, "E of two atoms at r = 2^(1/6) sigma (eps = 2, sigma = 1.5)")
    assert_close(energy(dimer(1.5), 2.0, 1.5), 0.0, "E of two atoms at r = sigma (eps = 2, sigma = 1.5)", atol=1e-12)


@pytest.mark.task("lennard_jones_energy")
def test_lj_counts_each_pair_once():
    """The energy is a sum over pairs i < j, each pair once and no atom with itself.

    Three atoms at the corners of an equilateral triangle of side 2^(1/6): three pairs at the
    bottom of the well, E = -3 (a sum over all i != j gives -6).  Three atoms on a line at
    x = 0, 1, 2: two pairs at r = 1 (E = 0) and one at r = 2, E = -0.0615234375.

    Hint: sum over i < j (np.triu_indices(N, k=1)); the pairs i = j have r = 0 and must not enter.
    """
    triangle = R_MIN * np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.5, np.sqrt(3) / 2, 0.0]])
    assert_close(energy(triangle), -3.0, "E of an equilateral triangle of side 2^(1/6) (three pairs of energy -1)")
    line = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [2.0, 0.0, 0.0]])
    assert_close(energy(line), -0.0615234375, "E of three atoms on a line at x = 0, 1, 2")


@pytest.mark.task("lennard_jones_energy")
@given(x=clusters, epsilon=epsilons, sigma=sigmas)
@example(x=np.array([[0.0, 0, 0], [1.1, 0, 0], [0, 1.2, 0], [0, 0, 0.9], [1, 1, 1], [-0.8, 0.3, 0.5]]),
         epsilon=2.0, sigma=1.1)
def test_lj_agrees_with_the_pair_sum(x, epsilon, sigma):
    """The energy of 6 atoms equals the sum over their 15 pairs of 4 eps ((sigma/r)^12 - (sigma/r)^6).

    Hint: r_ij = |x_i - x_j|, sum over i < j, multiply by 4 epsilon, and use sigma in both powers.
    """
    assert_close(energy(x, epsilon, sigma), lj_energy_oracle(x, epsilon, sigma),
                 f"E of a 6-atom cluster with eps = {epsilon:.4g}, sigma = {sigma:.4g}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("lennard_jones_energy")
@given(x=clusters, R=orthogonal_matrices, t=translations, permutation=st.permutations(range(N_ATOMS)))
@example(x=np.array([[0.0, 0, 0], [1.1, 0, 0], [0, 1.2, 0], [0, 0, 0.9], [1, 1, 1], [-0.8, 0.3, 0.5]]),
         R=QUARTER_TURN_Z, t=np.array([1.0, -2.0, 0.5]), permutation=[5, 4, 3, 2, 1, 0])
def test_lj_is_invariant_under_euclidean_motions_and_relabelling(x, R, t, permutation):
    """The energy depends only on the distances: moving, turning, mirroring the cluster or relabelling its atoms leaves it unchanged.

    Hint: build the energy from the distances |x_i - x_j| only, summed over all pairs i < j.
    """
    assert_invariant(energy, x, [(describe(R), lambda y: y @ R.T), (f"the translation t = {t}", lambda y: y + t),
                                 (f"the relabelling {list(permutation)} of the atoms", lambda y: y[list(permutation)])],
                     "the Lennard-Jones energy of a 6-atom cluster is invariant", rtol=1e-10, atol=1e-12)


@pytest.mark.task("lennard_jones_energy")
@given(x=clusters, epsilon=epsilons, scale=st.floats(0.5, 2.0))
def test_lj_scaling_laws(x, epsilon, scale):
    """eps sets the energy scale and sigma the length scale: E(x; eps, sigma) = eps E(x / sigma; 1, 1).

    So E(x; eps, 1) = eps E(x; 1, 1), and stretching the cluster and sigma by the same factor s
    leaves the energy unchanged: E(s x; 1, s) = E(x; 1, 1).

    Hint: the energy is linear in epsilon, and sigma enters only through sigma / r.
    """
    reference = energy(x)
    assert_close(energy(x, epsilon=epsilon), epsilon * reference,
                 f"E(x; eps = {epsilon:.4g}, sigma = 1) vs eps E(x; 1, 1)", rtol=1e-10, atol=1e-12)
    assert_close(energy(scale * x, sigma=scale), reference,
                 f"E(s x; eps = 1, sigma = s) vs E(x; 1, 1) with s = {scale:.4g}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("lennard_jones_energy")
def test_lj13_icosahedron_is_the_known_minimum():
    """The 13-atom Mackay icosahedron at its optimal size has the known LJ13 minimum energy -44.326801 (Wales & Doye 1997).

    The test places one atom at the centre and 12 at the vertices (0, +-1, +-phi) (and cyclic
    permutations) of an icosahedron of radius 1.0964 (78 pairs), the radius that minimises E.

    Hint: every one of the 78 pairs counts once; check the dimer and the triangle first.
    """
    radius = lj13_optimal_radius()
    assert_close(energy(icosahedron(radius)), LJ13_MINIMUM,
                 f"E of the LJ13 icosahedron of radius {radius:.6f} (eps = sigma = 1)", rtol=0, atol=1e-6)


@pytest.mark.task("lennard_jones_energy")
@given(x=clusters)
@example(x=np.array([[0.0, 0, 0], [1.1, 0, 0], [0, 1.2, 0], [0, 0, 0.9], [1, 1, 1], [-0.8, 0.3, 0.5]]))
def test_lj_is_differentiable(x):
    """jax.grad of the energy gives minus the Lennard-Jones forces, sum_j 24 (2 r^-12 - r^-6) (x_i - x_j) / r^2: finite and exact.

    The gradient is taken as jax.jit(jax.grad(lennard_jones_energy)), as a simulation would.

    Hint: write the energy with jax.numpy only (no float() or numpy conversion of the positions).  A nan gradient comes from the pairs i = j: a
    term 1/r^6 at r = 0 that is masked with jnp.where after it is computed still poisons the
    gradient; leave those pairs out (np.triu_indices), do not mask them.
    """
    try:
        gradient = np.asarray(compiled_gradient(equivariance.lennard_jones_energy)(x), dtype=float)
    except Exception as error:  # noqa: BLE001 - an energy that jax cannot differentiate is the failure
        raise AssertionError(f"jax.jit(jax.grad(lennard_jones_energy)) failed: "
                             f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
    assert_close(gradient, -lj_forces_oracle(x), "jax.grad of the Lennard-Jones energy of a 6-atom cluster",
                 rtol=1e-9, atol=1e-10)


@pytest.mark.task("lennard_jones_energy")
def test_lj_rejects_bad_input():
    """Positions that are not an (N, 3) array, or a non-positive eps or sigma, raise ValueError.

    Hint: check positions.ndim == 2 and positions.shape[1] == 3, epsilon > 0 and sigma > 0; re-read "Raises".
    """
    x = dimer(1.0)
    for shape in [(6,), (2, 2), (2, 3, 1)]:
        assert_raises_value_error(equivariance.lennard_jones_energy, np.ones(shape), what=f"positions of shape {shape}")
    for name, value in [("epsilon", 0.0), ("epsilon", -1.0), ("sigma", 0.0), ("sigma", -1.0)]:
        assert_raises_value_error(equivariance.lennard_jones_energy, x, **{name: value}, what=f"{name} = {value}")
