"""Week 14, flows.py, task coupling_inverse: undoing the affine coupling layer.

Layers: the inverse of the worked forward example; agreement with the formula (an oracle
written with jnp.where) for a random tanh conditioner and every mask of D = 4 coordinates;
the masked coordinates pass unchanged; the conditioner sees only the masked input; the
log-determinant equals slogdet of the Jacobian by forward-mode autodiff, also at the masks' edge
cases; round trips through the oracle forward layer in both orders, with log-determinants
of opposite signs.  Every call runs with the test's coupling_forward in place of the
student's, in case the inverse uses it.
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


def _call_inverse(conditioner, params, y, mask):
    with flows.oracles(coupling_forward=coupling_forward_oracle):
        return flows.coupling_inverse(conditioner, params, y, mask)


def _inverse(conditioner, params, y, mask):
    """The student's (x, log_det), checked to be a pair of arrays of shapes (B, D) and (B,)."""
    return checked_pair(_call_inverse(conditioner, params, y, mask), "coupling_inverse", ("x", "log_det"), np.shape(y))


@pytest.mark.task("coupling_inverse")
def test_coupling_inverse_by_hand():
    """The inverse of the worked forward example: y = (1, 5) goes back to x = (1, 2) with log_det = -log 2.

    With mask (1, 0) the conditioner sees y * mask = (1, 0) and returns s = (7, log 2),
    t = (5, 1), so x = (1, (5 - 1) / 2); the point (0, 4) has s = t = 0 and is unchanged.

    Hint: x = y * mask + (1 - mask) * (y - t) * exp(-s): subtract the shift first, then divide
    by the scale; log_det is minus the sum of (1 - mask) * s of each point.
    """
    y = np.array([[1.0, 5.0], [0.0, 4.0]])
    x, log_det = _inverse(affine_conditioner, COUPLING_BY_HAND, y, np.array([1.0, 0.0]))
    assert_close(x, [[1.0, 2.0], [0.0, 4.0]], "x of y = (1, 5) and (0, 4) with mask (1, 0)")
    assert_close(log_det, [-np.log(2.0), 0.0], "log_det of the two points: -log 2 and 0")
    assert_close(y, [[1.0, 5.0], [0.0, 4.0]], "y after the call (it must not be modified)", rtol=0, atol=0)


@pytest.mark.task("coupling_inverse")
@given(y=points(D), seed=seeds, mask=masks)
@example(y=SPREAD_POINTS, seed=0, mask=ALL_BUT_ONE)
@example(y=SPREAD_POINTS, seed=1, mask=ONE_KEPT)
def test_coupling_inverse_agrees_with_the_formula(y, seed, mask):
    """For a random tanh conditioner and any mask, x = y*mask + (1-mask)(y - t) exp(-s) and log_det = -sum (1-mask) s.

    Hint: call the conditioner on y * mask, undo the shift and then the scale of the
    coordinates with mask 0, and return minus the forward log-determinant.
    """
    params = network_params(seed)
    expected_x, expected_log_det = coupling_inverse_oracle(network_conditioner, params, y, mask)
    x, log_det = _inverse(network_conditioner, params, y, mask)
    assert_close(x, expected_x, f"x with mask {mask}", rtol=1e-10, atol=1e-12)
    assert_close(log_det, expected_log_det, f"log_det with mask {mask}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("coupling_inverse")
@given(y=points(D), seed=seeds, mask=masks)
def test_coupling_inverse_keeps_the_masked_coordinates(y, seed, mask):
    """The coordinates with mask 1 pass through the inverse layer unchanged, to the last bit.

    Hint: the masked part of x is y * mask itself.
    """
    x, _ = _inverse(network_conditioner, network_params(seed), y, mask)
    kept = mask == 1
    assert_close(x[:, kept], y[:, kept], f"the coordinates with mask 1 of {mask}", rtol=0, atol=0)


@pytest.mark.task("coupling_inverse")
@given(y=points(D), mask=masks_with_a_transformed_coordinate)
@example(y=np.arange(1.0, 1.0 + B * D).reshape(B, D), mask=ALL_BUT_ONE)
def test_coupling_inverse_conditioner_sees_only_the_masked_input(y, mask):
    """The conditioner sees only y * mask, the part that the forward layer left unchanged.

    The probe conditioner returns s = 0 and, for every coordinate, the shift t = sum of its
    input h; so each transformed coordinate moves by y_i - x_i = sum(h), which must be
    sum(y * mask).  Only the masked part is the same before and after the layer, so only it
    lets the inverse recompute the forward layer's s and t.

    Hint: call conditioner(params, y * mask), not conditioner(params, y).
    """
    x, _ = _inverse(probe_conditioner, None, y, mask)
    assert_probe_saw(x, y, mask, "y")


@pytest.mark.task("coupling_inverse")
@given(y=points(D), seed=seeds, mask=masks)
@example(y=SPREAD_POINTS, seed=2, mask=ALL_BUT_ONE)
@example(y=SPREAD_POINTS, seed=3, mask=ONE_KEPT)
def test_coupling_inverse_log_det_is_the_jacobian_log_det(y, seed, mask):
    """log_det is log|det dx/dy| of each point: slogdet of the Jacobian by forward-mode autodiff through your inverse.

    Hint: the Jacobian of the inverse is triangular with diagonal 1 (mask 1) and exp(-s_i)
    (mask 0), so log|det| = -sum over the transformed coordinates of s_i; use jax.numpy so that
    jax.jvp can differentiate the layer with respect to y.
    """
    params = network_params(seed)
    _, log_det = _inverse(network_conditioner, params, y, mask)
    expected = students_log_abs_det(lambda v: _call_inverse(network_conditioner, params, v, mask)[0], y,
                                    "coupling_inverse", "y")
    assert_close(log_det, expected, f"log_det versus slogdet of the Jacobian with mask {mask}", rtol=1e-10, atol=1e-10)


@pytest.mark.task("coupling_inverse")
@given(x=points(D), seed=seeds, mask=masks)
@example(x=SPREAD_POINTS, seed=4, mask=ALL_BUT_ONE)
def test_coupling_inverse_undoes_the_forward_layer(x, seed, mask):
    """inverse(forward(x)) = x and forward(inverse(x)) = x to 1e-10, with log-determinants of opposite signs.

    The forward layer is a correct one, from the test.

    Hint: the two directions share s and t (computed from the unchanged masked part), and
    the log-determinant of the inverse is minus the forward one.
    """
    params = network_params(seed)
    y, forward_log_det = coupling_forward_oracle(network_conditioner, params, x, mask)
    x_back, inverse_log_det = _inverse(network_conditioner, params, y, mask)
    assert_close(x_back, x, f"inverse(forward(x)) with mask {mask}", rtol=0, atol=1e-10)
    assert_close(inverse_log_det, -np.asarray(forward_log_det),
                 f"inverse log_det at y = forward(x) versus minus the forward log_det, mask {mask}", rtol=0, atol=1e-10)
    x_inverse, _ = _inverse(network_conditioner, params, x, mask)
    again, _ = coupling_forward_oracle(network_conditioner, params, x_inverse, mask)
    assert_close(again, x, f"forward(inverse(x)) with mask {mask}", rtol=0, atol=1e-10)


@pytest.mark.task("coupling_inverse")
def test_coupling_inverse_rejects_bad_input():
    """Points that are not a batch (B, D), a mask of the wrong length, or a mask that is not 0/1 is a ValueError.

    Hint: call the given _check_points and _check_mask before the conditioner; re-read "Raises".
    """
    params, y, mask = network_params(0), np.ones((B, D)), ALL_BUT_ONE
    for what, args in [("y of shape (4,)", (np.ones(D), mask)),
                       ("a mask of shape (3,) for points of dimension 4", (y, np.array([1.0, 0.0, 1.0]))),
                       ("a mask with the entry 2", (y, np.array([1.0, 2.0, 0.0, 1.0])))]:
        assert_raises_value_error(_call_inverse, network_conditioner, params, *args, what=what)
