"""Week 9, attention.py, task layer_norm: each token's features standardised, then scaled and shifted.

Layers: rows by hand (a square input, so that a reduction over the wrong axis or without
keepdims shows); where eps sits, on rows whose variance is comparable to eps; numpy's oracle
on random rows with leading axes, shape (2, 3, 4, 6); the statistics (mean 0, biased
variance var / (var + eps)) and the symmetries (a shift of a row, a scaling of x by c > 0
together with eps by c^2).  Two shapes only, so that JAX compiles little.
"""

import numpy as np
import pytest
from _attention_oracles import arrays, layer_norm_oracle
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_invariant, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

attention = submission_module("week09_attention", "attention.py")

SHAPE = (2, 3, 4, 6)  # leading axes and 6 features
FEATURES = SHAPE[-1]
features = arrays(SHAPE, st.floats(-10.0, 10.0))
epsilons = st.floats(1e-6, 1.0)


def _norm(x, gamma, beta, **eps):
    return assert_shape(attention.layer_norm(x, gamma, beta, **eps), np.shape(x), f"layer_norm of x {np.shape(x)}")


@pytest.mark.task("layer_norm")
def test_layer_norm_worked_example():
    """Rows (1, 2, 3, 4) and (5, 5, 5, 5) of a 4 x 4 input: (x - 2.5)/sqrt(1.25 + eps), and beta for a constant row.

    The mean of (1, 2, 3, 4) is 2.5, its biased variance 1.25 (divided by D = 4, not D - 1);
    then gamma = (1, 1, 2, 2) scales and beta = (0, 1, 0, 1) shifts each feature.  A constant
    row has x - mean = 0 and gives beta (eps keeps 0/0 away).

    Hint: mean and variance over the last axis with keepdims=True, the biased variance
    (jnp.var, or the mean of (x - mean)^2), eps inside the square root.
    """
    x = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 5.0, 5.0, 5.0], [4.0, 3.0, 2.0, 1.0], [0.0, 0.0, 2.0, 2.0]])
    gamma, beta = np.array([1.0, 1.0, 2.0, 2.0]), np.array([0.0, 1.0, 0.0, 1.0])
    standard = np.array([[-1.5, -0.5, 0.5, 1.5], [0, 0, 0, 0], [1.5, 0.5, -0.5, -1.5], [-1, -1, 1, 1]])
    scale = np.sqrt([1.25 + 1e-5, 1e-5, 1.25 + 1e-5, 1 + 1e-5])[:, None]
    assert_close(_norm(x, gamma, beta), standard / scale * gamma + beta, "layer_norm of four rows with eps = 1e-5",
                 rtol=1e-12, atol=1e-14)


@pytest.mark.task("layer_norm")
def test_layer_norm_eps_sits_inside_the_square_root():
    """Rows of variance 1e-6 with eps = 1e-5 are divided by sqrt(1.1e-5), not by sqrt(1e-6) + 1e-5.

    Rows such as 1e-3 (1, -1, 1, -1): mean 0, biased variance 1e-6, so the result is
    (1, -1, 1, -1) 1e-3 / sqrt(1.1e-5) = +-0.3015; with eps outside the root it would be
    +-0.990, with the unbiased variance +-0.2970.

    Hint: (x - mean) / sqrt(var + eps), with var the biased variance and the eps you are given.
    """
    signs = np.array([[1.0, -1.0, 1.0, -1.0], [-1.0, 1.0, -1.0, 1.0], [1.0, 1.0, -1.0, -1.0], [1.0, -1.0, -1.0, 1.0]])
    ones, zeros = np.ones(4), np.zeros(4)
    assert_close(_norm(1e-3 * signs, ones, zeros), signs * 1e-3 / np.sqrt(1.1e-5),
                 "layer_norm of rows 1e-3 (+-1, +-1, +-1, +-1) with the default eps", rtol=1e-10, atol=0)
    assert_close(_norm(1e-3 * signs, ones, zeros, eps=1e-3), signs * 1e-3 / np.sqrt(1e-6 + 1e-3),
                 "layer_norm of the same rows with eps = 1e-3", rtol=1e-10, atol=0)


@pytest.mark.task("layer_norm")
@given(x=features, gamma=arrays((FEATURES,)), beta=arrays((FEATURES,)), eps=epsilons)
def test_layer_norm_agrees_with_the_oracle(x, gamma, beta, eps):
    """Every row of a (2, 3, 4, 6) array is normalised on its own, then scaled by gamma and shifted by beta.

    Hint: reduce over the last axis only (axis=-1, keepdims=True); gamma and beta have one
    entry per feature and broadcast over the leading axes.
    """
    assert_close(_norm(x, gamma, beta, eps=eps), layer_norm_oracle(x, gamma, beta, eps),
                 f"layer_norm of a (2, 3, 4, 6) array with eps = {eps:.4g}", rtol=1e-9, atol=1e-12)


@pytest.mark.task("layer_norm")
@given(x=features, eps=epsilons)
@example(x=np.arange(144.0).reshape(SHAPE) ** 1.5, eps=1e-5)
def test_layer_norm_standardises_each_row(x, eps):
    """With gamma = 1 and beta = 0 every row has mean 0 and biased variance var / (var + eps), almost 1.

    (var is the row's own biased variance; the result is close to 1 whenever var >> eps.)

    Hint: divide by sqrt(var + eps) with the variance of the row itself, over the last axis.
    """
    out = _norm(x, np.ones(FEATURES), np.zeros(FEATURES), eps=eps)
    variance = np.var(x, axis=-1)
    assert_close(out.mean(axis=-1), np.zeros(SHAPE[:-1]), f"the mean of each normalised row (eps = {eps:.4g})",
                 rtol=0, atol=1e-12)
    assert_close(out.var(axis=-1), variance / (variance + eps),
                 f"the biased variance of each normalised row (eps = {eps:.4g})", rtol=1e-9, atol=1e-12)


@pytest.mark.task("layer_norm")
@given(x=features, shift=arrays(SHAPE[:-1] + (1,), st.floats(-1e3, 1e3)), c=st.floats(0.1, 10.0),
       gamma=arrays((FEATURES,)), beta=arrays((FEATURES,)))
def test_layer_norm_ignores_the_offset_and_scale_of_a_row(x, shift, c, gamma, beta):
    """Shifting a row by a constant changes nothing; scaling x by c > 0 changes nothing if eps is scaled by c^2.

    A token's features are compared with each other only: their common offset and size are
    removed (up to eps, which sets a floor on the variance).

    Hint: subtract the row's own mean and divide by the square root of its own variance plus eps.
    """
    eps = 1e-2
    assert_invariant(lambda x_: _norm(x_, gamma, beta, eps=eps), x,
                     [(f"a shift of each row by\n{shift[..., 0]}", lambda x_: x_ + shift)],
                     f"layer_norm with eps = {eps}", rtol=1e-8, atol=1e-9)
    assert_close(_norm(c * x, gamma, beta, eps=eps * c**2), _norm(x, gamma, beta, eps=eps),
                 f"layer_norm of x scaled by c = {c:.4g} with eps = {eps} scaled by c^2", rtol=1e-9, atol=1e-12)


@pytest.mark.task("layer_norm")
def test_layer_norm_rejects_bad_arguments():
    """gamma and beta need one entry per feature, eps must not be negative, and x needs a feature axis: ValueError otherwise.

    Hint: check gamma.shape == beta.shape == (D,) with D = x.shape[-1], and eps >= 0; re-read "Raises".
    """
    x, ones = np.zeros((3, 4)), np.ones(4)
    for gamma, beta in [(np.ones(3), ones), (np.ones((3, 4)), ones), (ones, np.ones(5))]:
        assert_raises_value_error(attention.layer_norm, x, gamma, beta,
                                  what=f"x of shape (3, 4) with gamma {gamma.shape} and beta {beta.shape}")
    assert_raises_value_error(attention.layer_norm, x, ones, ones, eps=-1e-5, what="eps = -1e-5")
    assert_raises_value_error(attention.layer_norm, np.float64(1.0), np.ones(1), np.ones(1), what="a scalar x")
