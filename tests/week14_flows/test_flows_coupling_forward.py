"""Week 14, flows.py, task coupling_forward: the affine coupling layer of RealNVP.

Layers: two points worked out by hand; agreement with the formula (an oracle written with
jnp.where) for a random tanh conditioner and every mask of D = 4 coordinates; the masked
coordinates pass unchanged; the conditioner sees only the masked input (a probe conditioner
whose shift is the sum of what it saw); the log-determinant equals slogdet of the Jacobian
by forward-mode autodiff through the student's layer, also at the masks' edge cases; the oracle
inverse undoes the layer.
"""

import numpy as np
import pytest
from _flows_oracles import (ALL_BUT_ONE, B, COUPLING_BY_HAND, D, ONE_KEPT, SPREAD_POINTS, affine_conditioner,
                            assert_probe_saw, checked_pair, coupling_forward_oracle, coupling_inverse_oracle, masks,
                            masks_with_a_transformed_coordinate, network_conditioner, network_params, points,
                            probe_conditioner, seeds, students_log_abs_det)
from hypothesis import example, given

from autograder.checks import assert_close, assert_raises_value_error
from autograder.submission import submission_module

flows = submission_module("week14_flows", "flows.py")


def _forward(conditioner, params, x, mask):
    """The student's (y, log_det), checked to be a pair of arrays of shapes (B, D) and (B,)."""
    return checked_pair(flows.coupling_forward(conditioner, params, x, mask), "coupling_forward", ("y", "log_det"),
                        np.shape(x))


@pytest.mark.task("coupling_forward")
def test_coupling_forward_by_hand():
    """Two points through a coupling layer with mask (1, 0): (1, 2) goes to (1, 5) with log_det = log 2, (0, 4) is unchanged.

    The affine conditioner sees x * mask = (1, 0) and returns s = (7, log 2), t = (5, 1): the
    first coordinate is kept (its s and t are ignored), the second becomes 2 * 2 + 1 = 5, and
    log_det = log 2.  The second point has x * mask = (0, 0), so s = t = 0 and it is unchanged.

    Hint: y = x * mask + (1 - mask) * (x * exp(s) + t) with s, t = conditioner(params, x * mask);
    log_det sums (1 - mask) * s over the coordinates of each point (axis 1).
    """
    x = np.array([[1.0, 2.0], [0.0, 4.0]])
    y, log_det = _forward(affine_conditioner, COUPLING_BY_HAND, x, np.array([1.0, 0.0]))
    assert_close(y, [[1.0, 5.0], [0.0, 4.0]], "y of x = (1, 2) and (0, 4) with mask (1, 0)")
    assert_close(log_det, [np.log(2.0), 0.0], "log_det of the two points: log 2 and 0")
    assert_close(x, [[1.0, 2.0], [0.0, 4.0]], "x after the call (it must not be modified)", rtol=0, atol=0)


@pytest.mark.task("coupling_forward")
@given(x=points(D), seed=seeds, mask=masks)
@example(x=SPREAD_POINTS, seed=0, mask=ALL_BUT_ONE)
@example(x=SPREAD_POINTS, seed=1, mask=ONE_KEPT)
def test_coupling_forward_agrees_with_the_formula(x, seed, mask):
    """For a random tanh conditioner and any mask, y = x*mask + (1-mask)*(x exp(s) + t) and log_det = sum (1-mask) s.

    Hint: call the conditioner on x * mask (not on x), scale and shift only the coordinates
    with mask 0, and sum the log-scales of those coordinates for each point.
    """
    params = network_params(seed)
    expected_y, expected_log_det = coupling_forward_oracle(network_conditioner, params, x, mask)
    y, log_det = _forward(network_conditioner, params, x, mask)
    assert_close(y, expected_y, f"y with mask {mask}", rtol=1e-10, atol=1e-12)
    assert_close(log_det, expected_log_det, f"log_det with mask {mask}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("coupling_forward")
@given(x=points(D), seed=seeds, mask=masks)
def test_coupling_forward_keeps_the_masked_coordinates(x, seed, mask):
    """The coordinates with mask 1 pass through the coupling layer unchanged, to the last bit.

    Hint: the masked part of y is x * mask itself; only (1 - mask) * (x exp(s) + t) is new.
    """
    y, _ = _forward(network_conditioner, network_params(seed), x, mask)
    kept = mask == 1
    assert_close(y[:, kept], x[:, kept], f"the coordinates with mask 1 of {mask}", rtol=0, atol=0)


@pytest.mark.task("coupling_forward")
@given(x=points(D), mask=masks_with_a_transformed_coordinate)
@example(x=np.arange(1.0, 1.0 + B * D).reshape(B, D), mask=ALL_BUT_ONE)
def test_coupling_forward_conditioner_sees_only_the_masked_input(x, mask):
    """The conditioner sees only x * mask: it must not read the coordinates it helps to transform.

    The probe conditioner returns s = 0 and, for every coordinate, the shift t = sum of its
    input h over the coordinates; so each transformed coordinate moves by
    y_i - x_i = sum(h), which must be sum(x * mask).  If the conditioner could read the
    transformed coordinates the layer would not be invertible, and its Jacobian not triangular.

    Hint: call conditioner(params, x * mask), not conditioner(params, x).
    """
    y, _ = _forward(probe_conditioner, None, x, mask)
    assert_probe_saw(x, y, mask, "x")


@pytest.mark.task("coupling_forward")
@given(x=points(D), seed=seeds, mask=masks)
@example(x=SPREAD_POINTS, seed=2, mask=ALL_BUT_ONE)
@example(x=SPREAD_POINTS, seed=3, mask=ONE_KEPT)
def test_coupling_forward_log_det_is_the_jacobian_log_det(x, seed, mask):
    """log_det is log|det dy/dx| of each point: slogdet of the Jacobian by forward-mode autodiff through your layer.

    Hint: the Jacobian is triangular with diagonal 1 (mask 1) and exp(s_i) (mask 0), so
    log|det| = sum over the transformed coordinates of s_i; write the layer with jax.numpy so
    that jax.jvp can differentiate it with respect to x.
    """
    params = network_params(seed)
    _, log_det = _forward(network_conditioner, params, x, mask)
    expected = students_log_abs_det(lambda v: flows.coupling_forward(network_conditioner, params, v, mask)[0], x,
                                    "coupling_forward", "x")
    assert_close(log_det, expected, f"log_det versus slogdet of the Jacobian with mask {mask}", rtol=1e-10, atol=1e-10)


@pytest.mark.task("coupling_forward")
@given(x=points(D), seed=seeds, mask=masks)
def test_coupling_forward_is_undone_by_the_inverse(x, seed, mask):
    """The inverse layer (a correct one, from the test) takes y back to x, and its log-determinant cancels yours.

    Hint: the inverse recomputes s, t from y * mask = x * mask and undoes y = x exp(s) + t;
    it gets back to x only if the masked part is unchanged and the conditioner saw x * mask.
    """
    params = network_params(seed)
    y, log_det = _forward(network_conditioner, params, x, mask)
    x_back, inverse_log_det = coupling_inverse_oracle(network_conditioner, params, y, mask)
    assert_close(x_back, x, f"inverse(forward(x)) with mask {mask}", rtol=0, atol=1e-10)
    assert_close(log_det + np.asarray(inverse_log_det), np.zeros(B),
                 f"forward log_det + inverse log_det with mask {mask}", rtol=0, atol=1e-10)


@pytest.mark.task("coupling_forward")
def test_coupling_forward_rejects_bad_input():
    """Points that are not a batch (B, D), a mask of the wrong length, or a mask that is not 0/1 is a ValueError.

    Hint: call the given _check_points and _check_mask before the conditioner; re-read "Raises".
    """
    params, x, mask = network_params(0), np.ones((B, D)), ALL_BUT_ONE
    forward = flows.coupling_forward
    assert_raises_value_error(forward, network_conditioner, params, np.ones(D), mask, what="x of shape (4,)")
    assert_raises_value_error(forward, network_conditioner, params, x, np.array([1.0, 0.0, 1.0]),
                              what="a mask of shape (3,) for points of dimension 4")
    assert_raises_value_error(forward, network_conditioner, params, x, np.array([1.0, 0.5, 0.0, 1.0]),
                              what="a mask with the entry 0.5")
