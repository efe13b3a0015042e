"""Week 14, flows.py, task planar_u_hat: the constraint w . u_hat > -1 that makes the planar flow invertible.

Layers: two cases worked out by hand; agreement with an oracle written as a projection
(the part of u perpendicular to w, plus m(w . u) w / |w|^2); the properties: w . u_hat =
softplus(w . u) - 1 > -1 for every u and w, only the component along w changes, and the
result stays exact for w . u = +-1000, where a naive softplus overflows.
"""

import numpy as np
import pytest
from _flows_oracles import D, u_hat_oracle
from hypothesis import assume, example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager_once

flows = submission_module("week14_flows", "flows.py")

vectors = arrays(np.float64, (D,), elements=st.floats(-5.0, 5.0, allow_subnormal=False))


def _u_hat(u, w):
    """The student's u_hat, checked to have the shape of u; compiled once per shape where it traces, as written where not."""
    return assert_shape(traced_or_eager_once(flows.planar_u_hat)(u, w), np.shape(u),
                        f"u_hat for u and w of shape {np.shape(u)}")


@pytest.mark.task("planar_u_hat")
def test_planar_u_hat_by_hand():
    """u = w = (1, 0, 0, 0) gives u_hat = (softplus(1) - 1, 0, 0, 0); u = (3, -1, 0, 0), w = (0, 2, 0, 0) gives (3, -0.436536, 0, 0).

    First case: w . u = 1, m(1) = softplus(1) - 1 = 0.313262, u_hat = u + (m - 1) w.  Second:
    w . u = -2, m(-2) = log(1 + e^-2) - 1 = -0.873072, u_hat = u + (m + 2) w / 4.

    Hint: u_hat = u + (m(w . u) - w . u) w / |w|^2 with m(a) = -1 + log(1 + exp(a)); divide by
    the squared norm of w.
    """
    assert_close(_u_hat(np.array([1.0, 0.0, 0.0, 0.0]), np.array([1.0, 0.0, 0.0, 0.0])),
                 [np.log1p(np.e) - 1.0, 0.0, 0.0, 0.0], "u_hat of u = (1, 0, 0, 0), w = (1, 0, 0, 0)")
    m = np.log1p(np.exp(-2.0)) - 1.0
    assert_close(_u_hat(np.array([3.0, -1.0, 0.0, 0.0]), np.array([0.0, 2.0, 0.0, 0.0])),
                 [3.0, -1.0 + (m + 2.0) / 2.0, 0.0, 0.0], "u_hat of u = (3, -1, 0, 0), w = (0, 2, 0, 0)")


@pytest.mark.task("planar_u_hat")
@given(u=vectors, w=vectors)
@example(u=np.array([0.5, -2.0, 1.0, 3.0]), w=np.array([2.0, 1.0, -0.5, 0.25]))
def test_planar_u_hat_agrees_with_the_projection(u, w):
    """u_hat is u with its component along w replaced: u - (u.w/|w|^2) w + m(w . u) w / |w|^2, m(a) = softplus(a) - 1.

    Hint: u_hat = u + (m(w . u) - w . u) w / |w|^2 with m(a) = -1 + softplus(a).
    """
    assume(w @ w > 1e-2)
    assert_close(_u_hat(u, w), u_hat_oracle(u, w), f"u_hat of u = {u}, w = {w}", rtol=1e-10, atol=1e-10)


@pytest.mark.task("planar_u_hat")
@given(u=vectors, w=vectors)
@example(u=np.array([-3.0, 0.0, 0.0, 0.0]), w=np.array([1.0, 0.0, 0.0, 0.0]))
def test_planar_u_hat_makes_the_flow_invertible(u, w):
    """For every u and w, w . u_hat = softplus(w . u) - 1 > -1 (up to rounding): the planar flow with u_hat never folds space.

    Along w the flow is a -> a + (w . u_hat) tanh(a + b), whose slope 1 + (w . u_hat)(1 - tanh^2)
    stays positive exactly when w . u_hat > -1; then det df/dz > 0 everywhere.

    Hint: the component of u_hat along w must be m(w . u) w / |w|^2, m(a) = -1 + log(1 + exp(a)) > -1.
    """
    assume(w @ w > 1e-2)
    wu_hat = float(w @ _u_hat(u, w))
    expected = float(np.logaddexp(0.0, w @ u) - 1.0)
    assert wu_hat > -1.0 - 1e-9, (
        f"w . u_hat = {wu_hat:.10g} < -1 for u = {u}, w = {w}: the planar flow with u_hat is not invertible")
    assert_close(wu_hat, expected, f"w . u_hat = softplus(w . u) - 1 for u = {u}, w = {w}", rtol=1e-10, atol=1e-10)


@pytest.mark.task("planar_u_hat")
@given(u=vectors, w=vectors)
def test_planar_u_hat_changes_only_the_component_along_w(u, w):
    """u_hat - u is parallel to w: the component of u perpendicular to w is unchanged.

    Hint: the correction (m(w . u) - w . u) w / |w|^2 is a multiple of w.
    """
    assume(w @ w > 1e-2)
    change = _u_hat(u, w) - u
    perpendicular = change - (change @ w) / (w @ w) * w
    assert_close(perpendicular, np.zeros(D), f"the part of u_hat - u perpendicular to w, u = {u}, w = {w}",
                 rtol=0, atol=1e-10)


@pytest.mark.task("planar_u_hat")
@pytest.mark.parametrize("wu, expected_wu_hat", [(1000.0, 999.0), (-1000.0, -1.0), (700.0, 699.0), (-40.0, -1.0)])
def test_planar_u_hat_for_large_w_dot_u(wu, expected_wu_hat):
    """For large |w . u| the constraint is exact and finite: softplus(1000) = 1000, softplus(-1000) = 0 (to 1e-400).

    With u = (w . u, 1, 0, 0) and w = (1, 0, 0, 0): u_hat = (softplus(w . u) - 1, 1, 0, 0).

    Hint: log(1 + exp(a)) overflows for a > 709; use jax.nn.softplus(a) or jnp.logaddexp(0, a).
    """
    u, w = np.array([wu, 1.0, 0.0, 0.0]), np.array([1.0, 0.0, 0.0, 0.0])
    assert_close(_u_hat(u, w), [expected_wu_hat, 1.0, 0.0, 0.0], f"u_hat for w . u = {wu:g}", rtol=1e-12, atol=1e-12)


@pytest.mark.task("planar_u_hat")
def test_planar_u_hat_rejects_bad_input():
    """u and w of different shapes, or not vectors, is a ValueError.

    Hint: check u.ndim == 1 and w.shape == u.shape; re-read "Raises".
    """
    assert_raises_value_error(flows.planar_u_hat, np.ones(3), np.ones(4), what="u of shape (3,) with w of shape (4,)")
    assert_raises_value_error(flows.planar_u_hat, np.ones((2, 4)), np.ones((2, 4)), what="u and w of shape (2, 4)")
