"""Week 12, task forces: forces as minus the gradient of an energy, by automatic differentiation.

Every energy here is the test's own (_equivariance_oracles.py), never the student's
lennard_jones_energy: springs, a harmonic trap, gravity, the Lennard-Jones energy in
jax.numpy (with its forces derived by hand), and an embedded-atom (many-body) energy.
Layers: forces by hand; the hand-derived Lennard-Jones forces; central differences; the
physics of conservative forces (Newton's third law, zero torque, rotation with the frame);
compiling and differentiating through `forces`, as force matching does.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _equivariance_oracles import (INVARIANT_ENERGIES, QUARTER_TURN_Z, cluster, clusters, describe, lj_energy_jax,
                                   lj_forces_oracle, orthogonal_matrices, spring_energy)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_equivariant, assert_gradient, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager

equivariance = submission_module("week12_equivariance", "equivariance.py")

energy_names = st.sampled_from(sorted(INVARIANT_ENERGIES))
EXAMPLE = np.array([[0.0, 0, 0], [1.1, 0, 0], [0, 1.2, 0], [0, 0, 0.9], [1, 1, 1], [-0.8, 0.3, 0.5]])


def forces_of(energy_fn, x):
    """The student's forces as numpy, checked to have the shape of the positions.

    Compiled once per energy and shape where JAX traces them, called as written where not.
    """
    result = forces_compiled_for(equivariance.forces, energy_fn)(x)
    assert result is not None and np.shape(result) == np.shape(x), (
        f"forces must return an array of the shape of the positions {np.shape(x)}, got "
        f"{np.shape(result) if result is not None else None}")
    return np.asarray(result, dtype=float)


@functools.cache
def forces_compiled_for(forces, energy_fn):
    """x -> forces(energy_fn, x), one wrapper per energy (the energy is a constant of the trace)."""
    return traced_or_eager(lambda x: forces(energy_fn, x))


@jax.jit
def stretched_spring(x):
    """One spring of stiffness 3 and rest length 1 between atoms 0 and 1."""
    return 1.5 * (jnp.linalg.norm(x[0] - x[1]) - 1.0) ** 2


@jax.jit
def trap(x):
    """The harmonic trap E = |x|^2 (all atoms)."""
    return jnp.sum(x**2)


@jax.jit
def gravity(x):
    """E = 9.81 sum_i z_i."""
    return 9.81 * jnp.sum(x[:, 2])


@pytest.mark.task("forces")
def test_forces_by_hand():
    """Forces point downhill: F = -dE/dx for a spring, a trap and gravity.

    A spring of stiffness 3 and rest length 1 stretched to length 2 along x pulls both ends
    together with force 3: F_0 = (3, 0, 0), F_1 = (-3, 0, 0).  In the trap E = |x|^2 (all
    atoms), F_i = -2 x_i.  Under gravity E = 9.81 sum_i z_i, F_i = (0, 0, -9.81).

    Hint: the force is MINUS the gradient of the energy with respect to the positions (jax.grad).
    """
    x = np.array([[0.0, 0.0, 0.0], [2.0, 0.0, 0.0]])
    assert_close(forces_of(stretched_spring, x), [[3.0, 0, 0], [-3.0, 0, 0]],
                 "forces of a spring (k = 3, rest length 1) stretched to length 2")
    y = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0], [2.0, 0.0, 0.0]])
    assert_close(forces_of(trap, y), -2 * y, "forces in the trap E = |x|^2")
    assert_close(forces_of(gravity, y), np.tile([0.0, 0.0, -9.81], (3, 1)),
                 "forces under gravity E = 9.81 sum z")


@pytest.mark.task("forces")
@given(x=clusters)
@example(x=EXAMPLE)
def test_forces_agree_with_the_lennard_jones_forces_by_hand(x):
    """For the Lennard-Jones energy the forces are F_i = sum_j 24 (2 r^-12 - r^-6) (x_i - x_j) / r^2, to rounding.

    Hint: use automatic differentiation (jax.grad), which is exact; finite differences or single
    precision (float32) lose about 7 digits.
    """
    assert_close(forces_of(lj_energy_jax, x), lj_forces_oracle(x), "Lennard-Jones forces on a 6-atom cluster",
                 rtol=1e-9, atol=1e-10)


@pytest.mark.task("forces")
@given(x=clusters, name=energy_names)
@example(x=EXAMPLE, name="embedded-atom")
def test_forces_are_minus_the_slope_of_the_energy(x, name):
    """Moving the atoms by a small step v changes the energy by -F . v: forces agree with central differences.

    Energies: springs between all pairs, an embedded-atom (many-body) energy, Lennard-Jones;
    three random directions v in the 18-dimensional configuration space.

    Hint: F = -dE/dx; row i of the result is the force on atom i.
    """
    energy_fn = INVARIANT_ENERGIES[name]
    assert_gradient(lambda y: float(energy_fn(y)), x, -forces_of(energy_fn, x),
                    f"minus the forces of the {name} energy as its gradient", rng=0)


@pytest.mark.task("forces")
@given(x=clusters, name=energy_names)
def test_internal_forces_have_no_net_force_and_no_torque(x, name):
    """Internal forces cancel: for an energy invariant under translations the forces sum to zero
    (Newton's third law), and for one invariant under rotations their torque sum_i x_i x F_i is zero.

    Hint: both follow from F = -grad E for an energy of relative positions only; a force that
    does not sum to zero is not minus the gradient of this energy.
    """
    f = forces_of(INVARIANT_ENERGIES[name], x)
    scale = np.max(np.abs(f)) * (1 + np.max(np.abs(x)))
    assert_close(np.sum(f, axis=0), np.zeros(3), f"the total force of the {name} energy", rtol=0, atol=1e-11 * scale)
    assert_close(np.sum(np.cross(x, f), axis=0), np.zeros(3), f"the total torque of the {name} energy",
                 rtol=0, atol=1e-11 * scale)


@pytest.mark.task("forces")
@given(x=clusters, name=energy_names, R=orthogonal_matrices)
@example(x=EXAMPLE, name="embedded-atom", R=QUARTER_TURN_Z)
def test_forces_rotate_with_the_frame(x, name, R):
    """Forces are vectors: turning or mirroring the cluster turns or mirrors its forces, F(x R^T) = F(x) R^T.

    Hint: row i of the result is the force on atom i; return the gradient with the layout of
    the positions, (N, 3), without transposing or reshaping it.
    """
    assert_equivariant(lambda y: forces_of(INVARIANT_ENERGIES[name], y), x,
                       [(describe(R), lambda y: y @ R.T, lambda f: f @ R.T)],
                       f"the forces of the {name} energy rotate with the cluster", rtol=1e-9, atol=1e-10)


@pytest.mark.task("forces")
@pytest.mark.parametrize("seed, stiffness", [(0, 0.7), (1, 1.6)])
def test_forces_can_be_compiled_and_differentiated(seed, stiffness):
    """Force matching compiles `forces` and differentiates it with respect to the energy's parameters.

    For springs scaled by a stiffness k, E_k = k E: jax.jit of forces must give the same forces,
    and the derivative d/dk of sum(F . w) (w fixed) by jax.jit(jax.grad) must match central
    differences.

    Hint: stay within jax (jax.grad and jax.numpy): no numpy conversion, float() or Python
    branching on the values of the positions.
    """
    x = cluster(seed)
    weights = np.random.default_rng(seed).normal(size=x.shape)

    def projected(k):
        return jnp.sum(equivariance.forces(lambda y: k * spring_energy(y), x) * weights)

    try:
        compiled = np.asarray(jax.jit(lambda y: equivariance.forces(spring_energy, y))(x), dtype=float)
        slope = float(jax.jit(jax.grad(projected))(stiffness))
    except Exception as error:  # noqa: BLE001 - a function that jax cannot trace is the failure
        raise AssertionError(f"forces failed under jax.jit or jax.grad: "
                             f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
    assert_close(compiled, forces_of(spring_energy, x), "forces under jax.jit vs called directly",
                 rtol=1e-12, atol=1e-12)
    assert_gradient(lambda k: float(projected(k)), np.array(stiffness), slope,
                    f"d/dk of sum(F . w) for springs of stiffness k = {stiffness:.4g}", directions=[np.array(1.0)])


@pytest.mark.task("forces")
def test_forces_reject_positions_of_the_wrong_shape():
    """Positions that are not an (N, 3) array raise ValueError.

    Hint: check positions.ndim == 2 and positions.shape[1] == 3 before differentiating; re-read "Raises".
    """
    for shape in [(6,), (3, 2), (2, 3, 1)]:
        assert_raises_value_error(equivariance.forces, trap, np.ones(shape),
                                  what=f"positions of shape {shape}")
