"""Week 14, flows.py, task planar_flow: f(z) = z + u tanh(w . z + b) and its log-determinant.

Layers: points worked out by hand, with a positive and with a negative determinant;
agreement with the closed form; the log-determinant equals slogdet of the Jacobian from
jax.jacfwd (the oracle differentiates the formula point by point); the symmetry of the
map: a shift perpendicular to w shifts f(z) by the same amount and leaves the
log-determinant unchanged.  u is used as given: these tests never call planar_u_hat.
"""

import numpy as np
import pytest
from _flows_oracles import B, D, SPREAD_POINTS, checked_pair, planar_log_abs_det_oracle, planar_oracle, points
from hypothesis import assume, example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograder.checks import assert_close, assert_equivariant, assert_invariant, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager_once

flows = submission_module("week14_flows", "flows.py")

vectors = arrays(np.float64, (D,), elements=st.floats(-2.0, 2.0, allow_subnormal=False))
offsets = st.floats(-2.0, 2.0)


def _planar(z, u, w, b):
    """The student's (f_z, log_det), checked to be a pair of arrays of shapes (B, D) and (B,).

    Compiled once per shape where the function traces, called as written where not.
    """
    return checked_pair(traced_or_eager_once(flows.planar_flow)(z, u, w, b), "planar_flow", ("f_z", "log_det"),
                        np.shape(z))


@pytest.mark.task("planar_flow")
def test_planar_flow_by_hand():
    """u = (0.5, 1), w = (1, 0), b = -1: the point (1, 0) stays put with det 1.5, and (2, 3) moves by u tanh(1).

    For z = (1, 0): w . z + b = 0, tanh 0 = 0, det = 1 + (1 - 0) w . u = 1.5.  For z = (2, 3):
    w . z + b = 1, f = (2 + 0.5 tanh 1, 3 + tanh 1), det = 1 + (1 - tanh^2 1) * 0.5.

    Hint: f(z) = z + u tanh(w . z + b), b inside the tanh; det df/dz = 1 + (1 - tanh^2(w . z + b)) w . u.
    """
    z = np.array([[1.0, 0.0], [2.0, 3.0]])
    f_z, log_det = _planar(z, np.array([0.5, 1.0]), np.array([1.0, 0.0]), -1.0)
    th = np.tanh(1.0)
    assert_close(f_z, [[1.0, 0.0], [2.0 + 0.5 * th, 3.0 + th]], "f(z) of z = (1, 0) and (2, 3)")
    assert_close(log_det, [np.log(1.5), np.log(1 + 0.5 * (1 - th**2))], "log|det df/dz| of z = (1, 0) and (2, 3)")


@pytest.mark.task("planar_flow")
def test_planar_flow_log_det_of_a_negative_determinant():
    """With w . u = -3 < -1 the determinant 1 + (1 - tanh^2) w . u is negative at z = 0: log|det| = log 2.

    u = (-3, 0), w = (1, 0), b = 0.  At z = (0, 0) the determinant is 1 - 3 = -2; at z = (1, 0)
    it is 1 - 3 (1 - tanh^2 1) = -0.2599.  Such a map folds space (it is not invertible, which
    is what planar_u_hat prevents), but its log|det| is still defined.

    Hint: take the logarithm of the absolute value of the determinant.
    """
    z = np.array([[0.0, 0.0], [1.0, 0.0]])
    f_z, log_det = _planar(z, np.array([-3.0, 0.0]), np.array([1.0, 0.0]), 0.0)
    th = np.tanh(1.0)
    assert_close(f_z, [[0.0, 0.0], [1.0 - 3.0 * th, 0.0]], "f(z) of z = (0, 0) and (1, 0) with u = (-3, 0)")
    assert_close(log_det, [np.log(2.0), np.log(3.0 * (1 - th**2) - 1.0)],
                 "log|det| of z = (0, 0) and (1, 0): log 2 and log 0.2599")


@pytest.mark.task("planar_flow")
@given(z=points(D), u=vectors, w=vectors, b=offsets)
@example(z=SPREAD_POINTS, u=np.array([1.0, -0.5, 0.3, 2.0]),
         w=np.array([0.7, 1.2, -1.5, 0.4]), b=0.3)
def test_planar_flow_agrees_with_the_formula(z, u, w, b):
    """f(z) = z + u tanh(w . z + b) for random u, w, b and a batch of points.

    Hint: w . z is one number per point (z @ w, shape (B,)); the displacement of point k is
    u times tanh of that number plus b.
    """
    f_z, _ = _planar(z, u, w, b)
    assert_close(f_z, planar_oracle(z, u, w, b), f"f(z) with u = {u}, w = {w}, b = {b:.6g}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("planar_flow")
@given(z=points(D), u=vectors, w=vectors, b=offsets)
@example(z=SPREAD_POINTS, u=np.array([1.0, -0.5, 0.3, 2.0]),
         w=np.array([0.7, 1.2, -1.5, 0.4]), b=0.3)
@example(z=np.linspace(-1, 1, B * D).reshape(B, D), u=np.array([-1.5, 0.5, -1.0, 0.0]),
         w=np.array([1.0, 0.5, 0.8, -1.0]), b=-0.2)
def test_planar_flow_log_det_is_the_jacobian_log_det(z, u, w, b):
    """log_det is log|det df/dz| of each point: slogdet of the Jacobian from jax.jacfwd (matrix determinant lemma).

    Hint: df/dz = I + u psi^T with psi = (1 - tanh^2(w . z + b)) w, so det = 1 + u . psi; the
    derivative of tanh is 1 - tanh^2, and the logarithm is of the absolute value.
    """
    expected = np.asarray(planar_log_abs_det_oracle(z, u, w, b))
    assume(np.all(expected > -8.0))  # |det| > 3e-4: away from the fold, where log|det| is ill-conditioned
    _, log_det = _planar(z, u, w, b)
    assert_close(log_det, expected, f"log|det| versus slogdet(jacfwd) with u = {u}, w = {w}, b = {b:.6g}",
                 rtol=1e-9, atol=1e-9)


@pytest.mark.task("planar_flow")
@given(z=points(D), u=vectors, w=vectors, b=offsets, shift=vectors)
def test_planar_flow_commutes_with_shifts_along_the_planes(z, u, w, b, shift):
    """A shift v perpendicular to w (along the planes w . z = const) shifts f(z) by v and leaves log|det| unchanged.

    The displacement u tanh(w . z + b) depends on z only through w . z, so f(z + v) = f(z) + v.

    Hint: compute w . z from the whole vector z (z @ w), not from one coordinate.
    """
    assume(w @ w > 1e-2 and np.all(np.asarray(planar_log_abs_det_oracle(z, u, w, b)) > -8.0))  # away from the fold
    v = shift - (shift @ w) / (w @ w) * w  # the part of the shift perpendicular to w
    shift_by_v = [(f"the shift v = {v} perpendicular to w = {w}", lambda x: x + v)]
    assert_equivariant(lambda x: _planar(x, u, w, b)[0], z, [(*shift_by_v[0], lambda f: f + v)],
                       f"f(z + v) = f(z) + v with u = {u}, b = {b:.6g}", rtol=1e-9, atol=1e-9)
    assert_invariant(lambda x: _planar(x, u, w, b)[1], z, shift_by_v,
                     f"log|det| unchanged by the shift, u = {u}, b = {b:.6g}", rtol=1e-9, atol=1e-9)


@pytest.mark.task("planar_flow")
def test_planar_flow_rejects_bad_input():
    """Points that are not a batch (B, D), u or w of the wrong length, or an offset b that is not a scalar is a ValueError.

    Hint: check z.ndim == 2, u.shape == w.shape == (D,) and that b is a scalar; re-read "Raises".
    """
    z, u, w = np.ones((B, D)), np.ones(D), np.ones(D)
    for what, args in [("z of shape (4,)", (np.ones(D), u, w, 0.5)),
                       ("u of shape (3,) for points of dimension 4", (z, np.ones(3), w, 0.5)),
                       ("w of shape (5,) for points of dimension 4", (z, u, np.ones(5), 0.5)),
                       ("b of shape (2,)", (z, u, w, np.ones(2)))]:
        assert_raises_value_error(flows.planar_flow, *args, what=what)
