"""Week 6, hamiltonian.py, task leapfrog: the kick-drift-kick integrator and its geometry.

Layers: steps worked out by hand (with and without a mass); agreement with a velocity-Verlet
oracle; the properties that make leapfrog the integrator of molecular dynamics: time
reversibility, symplecticity (M^T J M = J for the Jacobian M of the map, by jax.jacfwd),
second order energy error, and the exactly conserved shadow Hamiltonian of the oscillator.
The number of steps is fixed per test (the trajectory's shape), so JAX compiles a few times.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _hamiltonian_oracles import (D, FEW_EXAMPLES, coupled_grad, oscillator_grad, pendulum_energy,
                                  pendulum_grad, states, symplectic_form, velocity_verlet)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

hamiltonian = submission_module("week06_autodiff", "hamiltonian.py")

time_steps = st.floats(0.01, 0.2)
masses = st.floats(0.5, 3.0)


def _run(grad_V, q0, p0, dt, n_steps, mass=1.0):
    """The student's trajectories as numpy arrays, checked to be a pair of (n_steps + 1, d) arrays."""
    result = hamiltonian.leapfrog(grad_V, q0, p0, dt, n_steps, mass)
    assert result is not None and len(result) == 2, (
        f"leapfrog must return the pair (q_traj, p_traj), got {type(result).__name__}")
    shape = (n_steps + 1, len(q0))
    return (assert_shape(result[0], shape, f"q_traj of {n_steps} steps in d = {len(q0)}"),
            assert_shape(result[1], shape, f"p_traj of {n_steps} steps in d = {len(q0)}"))


@pytest.mark.task("leapfrog")
def test_leapfrog_one_step_by_hand():
    """One kick-drift-kick step of the oscillator V = q^2/2 from (q, p) = (1, 0) with dt = 0.5.

    Half kick p = 0 - 0.25 * 1 = -0.25; drift q = 1 + 0.5 * (-0.25) = 0.875; half kick at the
    new position p = -0.25 - 0.25 * 0.875 = -0.46875.

    Hint: kick by -dt/2 grad_V(q), drift by dt p / mass with the kicked momentum, then kick
    again by -dt/2 grad_V at the new q; row 0 of both trajectories is the initial state.
    """
    q_traj, p_traj = _run(oscillator_grad, np.array([1.0]), np.array([0.0]), 0.5, 1)
    assert_close(q_traj, np.array([[1.0], [0.875]]), "q after 0 and 1 steps (1, then 0.875)")
    assert_close(p_traj, np.array([[0.0], [-0.46875]]), "p after 0 and 1 steps (0, then -0.46875)")


@pytest.mark.task("leapfrog")
def test_leapfrog_mass_divides_the_drift():
    """A heavier particle moves more slowly: the drift is q += dt p / m.

    Same step as by hand, now with mass m = 2: p = -0.25, q = 1 + 0.5 * (-0.25) / 2 = 0.9375,
    p = -0.25 - 0.25 * 0.9375 = -0.484375.

    Hint: the velocity is p / mass; the kicks do not involve the mass.
    """
    q_traj, p_traj = _run(oscillator_grad, np.array([1.0]), np.array([0.0]), 0.5, 1, mass=2.0)
    assert_close(q_traj, np.array([[1.0], [0.9375]]), "q after 0 and 1 steps with mass 2")
    assert_close(p_traj, np.array([[0.0], [-0.484375]]), "p after 0 and 1 steps with mass 2")


@pytest.mark.task("leapfrog")
def test_leapfrog_trajectory_shape():
    """n steps give n + 1 states, the first of which is the initial state, which stays untouched.

    Hint: return (q_traj, p_traj), each of shape (n_steps + 1, d); row 0 is (q0, p0), and
    n_steps = 0 gives that single row.
    """
    q0, p0 = np.array([0.3, -1.2, 2.0]), np.array([0.5, 0.0, -0.4])
    for n_steps in (0, 1, 5):
        q_traj, p_traj = _run(pendulum_grad, q0, p0, 0.1, n_steps)
        assert_close(q_traj[0], [0.3, -1.2, 2.0], "row 0 of q_traj is q0", rtol=0, atol=0)
        assert_close(p_traj[0], [0.5, 0.0, -0.4], "row 0 of p_traj is p0", rtol=0, atol=0)
    assert_close(q0, [0.3, -1.2, 2.0], "q0 after the call (it must not be modified)", rtol=0, atol=0)
    assert_close(p0, [0.5, 0.0, -0.4], "p0 after the call (it must not be modified)", rtol=0, atol=0)


@pytest.mark.task("leapfrog")
@given(state=states, dt=time_steps, mass=masses)
@example(state=(np.array([1.0, -0.5]), np.array([0.3, 0.8])), dt=0.3, mass=2.0)
def test_leapfrog_agrees_with_velocity_verlet(state, dt, mass):
    """20 steps for two coupled anharmonic oscillators agree with velocity Verlet (the same map, written with velocities).

    Hint: one step is p -= dt/2 grad_V(q); q += dt p / mass; p -= dt/2 grad_V(q), the last kick
    at the new position; re-read the docstring.
    """
    q0, p0 = state
    q_expected, p_expected = velocity_verlet(coupled_grad, q0, p0, dt, 20, mass)
    q_traj, p_traj = _run(coupled_grad, q0, p0, dt, 20, mass)
    what = f"dt = {dt:.4g}, mass = {mass:.4g} from q0 = {q0}, p0 = {p0}"
    assert_close(q_traj, q_expected, f"q over 20 steps, {what}", rtol=1e-9, atol=1e-11)
    assert_close(p_traj, p_expected, f"p over 20 steps, {what}", rtol=1e-9, atol=1e-11)


@pytest.mark.task("leapfrog")
@FEW_EXAMPLES
@given(state=states, dt=time_steps, mass=masses)
def test_leapfrog_is_time_reversible(state, dt, mass):
    """Leapfrog is time reversible: n steps forward, flip p, n steps forward, flip p returns to the start.

    Hint: the step must be symmetric, half kick - drift - half kick; a full kick before or after
    the drift (Euler, symplectic Euler) does not retrace its path.
    """
    q0, p0 = state
    q_traj, p_traj = _run(coupled_grad, q0, p0, dt, 100, mass)
    q_back, p_back = _run(coupled_grad, q_traj[-1], -p_traj[-1], dt, 100, mass)
    what = f"100 steps forward and back (dt = {dt:.4g}, mass = {mass:.4g}) from q0 = {q0}, p0 = {p0}"
    assert_close(q_back[-1], q0, f"q after {what}", rtol=0, atol=1e-12)
    assert_close(-p_back[-1], p0, f"p after {what}", rtol=0, atol=1e-12)


def _flow_jacobian(grad_V, z0, dt, n_steps, mass):
    """M = d z_n / d z_0 by forward-mode autodiff through the student's integrator, z = (q, p)."""
    d = len(z0) // 2

    def final_state(z):
        q_traj, p_traj = hamiltonian.leapfrog(grad_V, z[:d], z[d:], dt, n_steps, mass)
        return jnp.concatenate([q_traj[-1], p_traj[-1]])

    return np.asarray(jax.jacfwd(final_state)(jnp.asarray(z0)))


@pytest.mark.task("leapfrog")
@pytest.mark.parametrize("system, z0, dt, mass", [  # d = 2 throughout: one shape, compiled once
    ("pendulum", [2.0, -1.0, 0.5, 1.5], 0.3, 1.0),
    ("pendulum", [-1.0, 2.5, 1.5, -0.3], 0.2, 2.5),
    ("coupled oscillators", [1.0, -0.5, 0.3, 0.8], 0.1, 1.5),
    ("coupled oscillators", [-0.4, 1.2, 1.0, -0.6], 0.15, 0.7),
])
def test_leapfrog_is_symplectic(system, z0, dt, mass):
    """Leapfrog is symplectic: the Jacobian M of the map (q0, p0) -> (q_n, p_n) satisfies M^T J M = J.

    M comes from jax.jacfwd through your leapfrog (20 steps, nonlinear forces: two pendula, or two
    coupled anharmonic oscillators, in d = 2); J = [[0, I], [-I, 0]].
    A symplectic map preserves phase-space volume (Liouville) and is the reason why the energy
    does not drift.

    Hint: each half kick and each drift is a shear of phase space and is symplectic on its own,
    but only if the kick uses the position at which it happens; use jax.numpy throughout so
    that jax.jacfwd can differentiate your loop.
    """
    grad_V = pendulum_grad if system == "pendulum" else coupled_grad
    d = len(z0) // 2
    try:
        m = _flow_jacobian(grad_V, np.array(z0), dt, 20, mass)
    except Exception as error:  # noqa: BLE001 - a non-differentiable integrator is the failure
        raise AssertionError(f"jax.jacfwd could not differentiate leapfrog with respect to (q0, p0): "
                             f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
    j = symplectic_form(d)
    assert_close(m.T @ j @ m, j, f"M^T J M for 20 steps of the {system} (d = {d}, dt = {dt}, mass = {mass}) "
                 f"from z0 = {z0}", rtol=0, atol=1e-10)


@pytest.mark.task("leapfrog")
@pytest.mark.parametrize("q0, p0, mass", [(1.0, 0.0, 1.0), (2.5, 0.3, 1.0), (-1.5, 1.0, 0.5)])
def test_leapfrog_energy_error_is_second_order(q0, p0, mass):
    """Leapfrog is second order: halving dt divides the pendulum's energy error by 4.

    Over the time T = 10 with dt = 0.1 and dt = 0.05 (100 and 200 steps) the largest deviation of
    H = p^2/(2m) + 1 - cos q from its initial value must shrink by a factor between 3 and 5.

    Hint: a first-order method (symplectic or explicit Euler) gives a factor 2; a wrong mass makes
    the energy H = p^2/(2m) + V not conserved at all.
    """
    errors = []
    for dt, n_steps in ((0.1, 100), (0.05, 200)):
        q_traj, p_traj = _run(pendulum_grad, np.array([q0]), np.array([p0]), dt, n_steps, mass)
        energy = pendulum_energy(q_traj, p_traj, mass)
        errors.append(float(np.max(np.abs(energy - energy[0]))))
    ratio = errors[0] / max(errors[1], 1e-300)
    assert 3.0 <= ratio <= 5.0, (
        f"pendulum from q0 = {q0}, p0 = {p0}, mass = {mass}: the energy error is {errors[0]:.3g} with dt = 0.1 "
        f"and {errors[1]:.3g} with dt = 0.05, a ratio {ratio:.3g} instead of about 4")


@pytest.mark.task("leapfrog")
@FEW_EXAMPLES
@given(state=states, dt=st.floats(0.05, 1.5))
@example(state=(np.array([1.0, 0.0]), np.array([0.0, 1.0])), dt=1.0)
def test_leapfrog_conserves_the_shadow_hamiltonian(state, dt):
    """For the oscillator leapfrog conserves the shadow energy p^2/2 + (q^2/2)(1 - dt^2/4) exactly.

    Along 400 steps of V = q^2/2 (mass 1) the modified Hamiltonian must stay at its initial value
    to 1e-12, even for large dt: the integrator is the exact flow of this nearby Hamiltonian.

    Hint: this shadow energy belongs to kick-drift-kick; drift-kick-drift conserves
    q^2/2 + (p^2/2)(1 - dt^2/4) instead, and Euler methods conserve neither.
    """
    q0, p0 = state
    q_traj, p_traj = _run(oscillator_grad, q0, p0, dt, 400)
    shadow = np.sum(p_traj**2 / 2 + q_traj**2 / 2 * (1 - dt**2 / 4), axis=1)
    assert_close(shadow, np.full(401, shadow[0]), f"the shadow energy over 400 steps with dt = {dt:.4g} "
                 f"from q0 = {q0}, p0 = {p0}", rtol=0, atol=1e-12 * (1 + shadow[0]))


@pytest.mark.task("leapfrog")
def test_leapfrog_rejects_bad_arguments():
    """A non-positive time step or mass, a negative number of steps, or q0 and p0 of different shapes is a ValueError.

    Hint: check dt > 0, n_steps >= 0, mass > 0 and p0.shape == q0.shape before the loop; re-read "Raises".
    """
    good = {"dt": 0.1, "n_steps": 3, "mass": 1.0}
    for name, value in [("dt", 0.0), ("dt", -0.1), ("n_steps", -1), ("mass", 0.0), ("mass", -2.0)]:
        assert_raises_value_error(hamiltonian.leapfrog, pendulum_grad, np.ones(D), np.zeros(D),
                                  **{**good, name: value}, what=f"{name} = {value}")
    assert_raises_value_error(hamiltonian.leapfrog, pendulum_grad, np.ones(2), np.zeros(3), **good,
                              what="q0 of shape (2,) with p0 of shape (3,)")
