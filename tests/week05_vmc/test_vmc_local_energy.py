"""Week 5, task local_energy: E_L = -1/2 (laplacian log psi + |grad log psi|^2) + V by autodiff.

Oracles (in _vmc_oracles.py): the closed-form local energies of the 1D harmonic oscillator
and of the hydrogen atom, and exact samples of |psi|^2 drawn with numpy.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _vmc_oracles import (HYDROGEN_E0, OSCILLATOR_E0, hydrogen_local_energy, hydrogen_log_psi,
                          hydrogen_potential, hydrogen_samples, mean_and_error, oscillator_local_energy,
                          oscillator_log_psi, oscillator_potential, oscillator_samples, seeds)
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from autograder.checks import assert_close
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager

vmc = submission_module("week05_vmc", "vmc.py")

SYSTEMS = {"oscillator": (oscillator_log_psi, oscillator_potential),
           "hydrogen": (hydrogen_log_psi, hydrogen_potential)}
N_SAMPLES = 400  # points per batched call (both batched tests): one compiled shape per system

coordinates = st.floats(-5.0, 5.0)
alphas = st.floats(0.1, 3.0)


def batched_local_energy(system):
    """jit(vmap) of the submitted local_energy over positions (N, d), alpha traced: compiled once."""
    return _batched_local_energy(system, vmc.local_energy)


@functools.cache
def _batched_local_energy(system, local_energy):
    # Keyed by the submitted function: an instructor's batch grading runs these tests on many
    # submissions in one process, and a jitted function keeps the code it first traced.
    log_psi, potential = SYSTEMS[system]
    return jax.jit(jax.vmap(lambda alpha, x: local_energy(log_psi, alpha, x, potential), in_axes=(None, 0)))


def local_energy_at(system, alpha, x):
    """The submitted local energy of one configuration (compiled once per system where it can be)."""
    return _local_energy_at(system, vmc.local_energy)(alpha, jnp.asarray(x, dtype=float))


@functools.cache
def _local_energy_at(system, local_energy):
    log_psi, potential = SYSTEMS[system]
    return traced_or_eager(lambda alpha, x: local_energy(log_psi, alpha, x, potential))


@pytest.mark.task("local_energy")
def test_local_energy_worked_examples():
    """Local energies worked out by hand for the oscillator and for hydrogen.

    Oscillator, psi = exp(-alpha x^2), V = x^2/2: grad log psi = -2 alpha x, laplacian log psi
    = -2 alpha, so E_L = -1/2 (-2 alpha + 4 alpha^2 x^2) + x^2/2 = alpha + (1/2 - 2 alpha^2) x^2:
    -0.5 at alpha = 1, x = 1, and 1.75 at alpha = 1/4, x = 2.
    Hydrogen, psi = exp(-alpha r), V = -1/r: E_L = -alpha^2/2 + (alpha - 1)/r = -0.225 at
    alpha = 1/2, r = (0, 3, 4) (|r| = 5).

    Hint: E_L = -1/2 (laplacian log psi + |grad log psi|^2) + V(x), where the Laplacian is the
    trace of the Hessian of x -> log_psi(params, x); re-read the docstring of local_energy.
    """
    cases = [("oscillator", 1.0, [1.0], -0.5), ("oscillator", 0.25, [2.0], 1.75),
             ("hydrogen", 0.5, [0.0, 3.0, 4.0], -0.225)]
    for system, alpha, x, expected in cases:
        assert_close(local_energy_at(system, alpha, x), expected, f"E_L of the {system} at alpha = {alpha}, x = {x}")


@pytest.mark.task("local_energy")
@given(alpha=alphas, x=coordinates)
@example(alpha=0.3, x=1.7)
def test_local_energy_oscillator_matches_closed_form(alpha, x):
    """The oscillator's local energy is alpha + (1/2 - 2 alpha^2) x^2 for psi = exp(-alpha x^2).

    Hint: both terms of the kinetic energy count: -1/2 laplacian log psi = alpha and
    -1/2 |grad log psi|^2 = -2 alpha^2 x^2.
    """
    assert_close(local_energy_at("oscillator", alpha, [x]), oscillator_local_energy(alpha, x),
                 f"E_L of exp(-alpha x^2) in V = x^2/2 at alpha = {alpha}, x = {x}", rtol=1e-9, atol=1e-9)


@pytest.mark.task("local_energy")
@given(alpha=alphas, r=st.tuples(coordinates, coordinates, coordinates))
@example(alpha=0.7, r=(0.5, -1.0, 2.0))
def test_local_energy_hydrogen_matches_closed_form(alpha, r):
    """Hydrogen's local energy is -alpha^2/2 + (alpha - 1)/|r| for psi = exp(-alpha |r|).

    In three dimensions laplacian(-alpha r) = -2 alpha / r: the Laplacian is the trace of the
    3 x 3 Hessian (the sum of its diagonal only), and |grad log psi|^2 = alpha^2.

    Hint: the 1D oscillator passes but hydrogen in 3D does not: the Laplacian is the sum of
    the d second derivatives d^2 log psi / dx_i^2 (the trace of the d x d Hessian), and
    |grad log psi|^2 the sum of the squares of all d components of the gradient.
    """
    assume(np.linalg.norm(r) > 0.3)  # keep clear of the Coulomb singularity at the proton
    assert_close(local_energy_at("hydrogen", alpha, r), hydrogen_local_energy(alpha, np.array(r)),
                 f"E_L of exp(-alpha |r|) in V = -1/|r| at alpha = {alpha}, r = {r}", rtol=1e-9, atol=1e-9)


@pytest.mark.task("local_energy")
@given(seed=seeds)
def test_local_energy_is_constant_at_the_exact_eigenstates(seed):
    """Zero-variance principle: at an exact eigenstate E_L is the eigenvalue at every point.

    Oscillator ground state alpha = 1/2: E_L = 1/2 at 400 points; hydrogen 1s, alpha = 1:
    E_L = -1/2 at 400 points (|r| > 0.3).  The submitted local_energy is applied with
    jax.jit(jax.vmap(...)), as VMC code does.

    Hint: here local_energy runs under jax.jit(jax.vmap(...)), where x is a traced array (the
    earlier tests call it on one concrete point): write it with jax.numpy only, without
    float(), numpy functions or Python `if` on the values of x or of E_L.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-4.0, 4.0, size=(N_SAMPLES, 1))
    r = rng.uniform(-4.0, 4.0, size=(N_SAMPLES + 100, 3))
    r = r[np.linalg.norm(r, axis=1) > 0.3][:N_SAMPLES]  # 1 point in 4000 lies within 0.3
    for system, alpha, points, exact in [("oscillator", 0.5, x, OSCILLATOR_E0), ("hydrogen", 1.0, r, HYDROGEN_E0)]:
        energies = batched_local_energy(system)(alpha, jnp.asarray(points))
        assert_close(energies, np.full(len(points), exact),
                     f"E_L of the exact {system} ground state (alpha = {alpha}) at random points", atol=1e-9)


@pytest.mark.task("local_energy")
@settings(max_examples=12)
@given(system=st.sampled_from(sorted(SYSTEMS)), alpha=st.floats(0.25, 2.5), seed=seeds)
@example(system="oscillator", alpha=2.0, seed=0)
@example(system="hydrogen", alpha=2.0, seed=0)
def test_local_energy_respects_the_variational_principle(system, alpha, seed):
    """Variational principle: the average of E_L over |psi|^2 is never below the ground-state energy.

    400 exact samples of |psi|^2 (numpy), the submitted E_L averaged over them: the mean
    must not lie more than 5 standard errors below E_0 (1/2 for the oscillator, -1/2 for
    hydrogen).  A kinetic energy with the wrong sign lets the energy fall far below E_0.

    Hint: the average of E_L lies below the ground-state energy, which no wave function
    allows: E_L is too low on average.  The kinetic part -1/2 (laplacian log psi + |grad log
    psi|^2) averages to the kinetic energy, which is positive.
    """
    if system == "oscillator":
        points, exact = oscillator_samples(alpha, (N_SAMPLES, 1), seed), OSCILLATOR_E0
    else:
        points, exact = hydrogen_samples(alpha, N_SAMPLES, seed), HYDROGEN_E0
    mean, error = mean_and_error(batched_local_energy(system)(alpha, jnp.asarray(points)))
    assert mean >= exact - 5.0 * error - 1e-9, (
        f"the {system} energy at alpha = {alpha} is {mean:.6g} +- {error:.2g}, below the exact ground "
        f"state {exact} by {(exact - mean) / max(error, 1e-300):.1f} standard errors")
