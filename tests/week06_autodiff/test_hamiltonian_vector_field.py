"""Week 6, hamiltonian.py, task hamiltonian_vector_field: Hamilton's equations by autodiff.

The oracle (_hamiltonian_oracles.py) differentiates H with respect to the whole phase-space
point z = (q, p) and rotates the gradient by the symplectic matrix J = [[0, I], [-I, 0]].
"""

import functools

import numpy as np
import pytest
from _hamiltonian_oracles import HAMILTONIANS, h_oscillator, states, vector_field_oracle
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager

hamiltonian = submission_module("week06_autodiff", "hamiltonian.py")


def _field(H, q, p):
    """The student's (dq/dt, dp/dt), checked to be a pair (compiled once per H where it can be)."""
    result = _submitted(H, hamiltonian.hamiltonian_vector_field)(q, p)
    assert result is not None and len(result) == 2, (
        f"hamiltonian_vector_field must return the pair (dq_dt, dp_dt), got {type(result).__name__}")
    return result


@functools.cache
def _submitted(H, vector_field):
    return traced_or_eager(lambda q, p: vector_field(H, q, p))


@pytest.mark.task("hamiltonian_vector_field")
def test_vector_field_of_the_oscillator():
    """For the oscillator H = p^2/2 + q^2/2 Hamilton's equations give (dq/dt, dp/dt) = (p, -q).

    At q = (1, 2), p = (3, -1): dq/dt = dH/dp = (3, -1) and dp/dt = -dH/dq = (-1, -2).

    Hint: dq/dt is the derivative with respect to p, and dp/dt carries the minus sign with the
    derivative with respect to q; return them in the order (dq_dt, dp_dt).
    """
    q, p = np.array([1.0, 2.0]), np.array([3.0, -1.0])
    dq_dt, dp_dt = _field(h_oscillator, q, p)
    assert_close(dq_dt, p, "dq/dt = dH/dp = p for the oscillator at q = (1, 2), p = (3, -1)")
    assert_close(dp_dt, -q, "dp/dt = -dH/dq = -q for the oscillator at q = (1, 2), p = (3, -1)")


@pytest.mark.task("hamiltonian_vector_field")
@given(name=st.sampled_from(sorted(HAMILTONIANS)), state=states)
@example(name="magnetic", state=(np.array([0.5, -1.0]), np.array([1.5, 0.25])))
@example(name="variable_mass", state=(np.array([1.0, 0.3]), np.array([-0.7, 1.2])))
def test_vector_field_agrees_with_autodiff(name, state):
    """For Hamiltonians that mix q and p (a charge in a magnetic field, a position-dependent mass) the field is (dH/dp, -dH/dq).

    Hint: take jax.grad of H with respect to q (argnums=0) and with respect to p (argnums=1)
    at the given point; dq/dt = dH/dp, dp/dt = -dH/dq.
    """
    q, p = state
    expected_dq, expected_dp = vector_field_oracle(HAMILTONIANS[name], q, p)
    dq_dt, dp_dt = _field(HAMILTONIANS[name], q, p)
    assert_close(dq_dt, expected_dq, f"dq/dt = dH/dp for H = {name} at q = {q}, p = {p}", rtol=1e-10, atol=1e-12)
    assert_close(dp_dt, expected_dp, f"dp/dt = -dH/dq for H = {name} at q = {q}, p = {p}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("hamiltonian_vector_field")
@given(name=st.sampled_from(sorted(HAMILTONIANS)), state=states)
def test_vector_field_conserves_energy(name, state):
    """The flow runs along the level sets of H: dH/dt = dH/dq . dq/dt + dH/dp . dp/dt = 0.

    Hint: with dq/dt = dH/dp and dp/dt = -dH/dq the two terms cancel exactly; a missing
    minus sign or swapped derivatives make the energy change along the flow.
    """
    q, p = state
    H = HAMILTONIANS[name]
    dq_dt, dp_dt = _field(H, q, p)
    exact_dq, exact_dp = vector_field_oracle(H, q, p)  # (dH/dp, -dH/dq)
    dH_dq, dH_dp = -exact_dp, exact_dq
    rate = float(dH_dq @ np.asarray(dq_dt) + dH_dp @ np.asarray(dp_dt))
    scale = float(np.linalg.norm(dH_dq) * np.linalg.norm(dH_dp))
    assert abs(rate) <= 1e-10 * scale + 1e-12, (
        f"the energy of H = {name} changes along your flow at q = {q}, p = {p}: dH/dt = {rate:.6g}, not 0")


@pytest.mark.task("hamiltonian_vector_field")
def test_vector_field_rejects_mismatched_shapes():
    """Coordinates and momenta of different lengths are not a phase-space point: ValueError.

    Hint: compare q.shape and p.shape before differentiating; re-read "Raises".
    """
    assert_raises_value_error(hamiltonian.hamiltonian_vector_field, h_oscillator, np.ones(2), np.ones(3),
                              what="q of shape (2,) with p of shape (3,)")
