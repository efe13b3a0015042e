"""Week 9, attention.py, task attention_weights: a stable, masked softmax of the scaled scores.

The weights of one query are a Boltzmann distribution over the keys with the scores as
negative energies: normalised, unchanged by a shift of the zero of energy, computable for
scores of 1e4 by measuring energies from the lowest allowed one, and exactly zero where the
mask forbids a key.  Oracles (_attention_oracles.py): jax.nn.softmax of the einsum scores;
`score_matrix_inputs` gives queries and keys whose scaled scores are any chosen matrix.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _attention_oracles import (BATCH, D, FEW_EXAMPLES, M, N, arrays, attention_weights_oracle, masks,
                                score_matrix_inputs, softmax_rows)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_invariant, assert_raises_value_error, assert_shape
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager, traced_or_eager_once

attention = submission_module("week09_attention", "attention.py")

LN2, LN3 = np.log(2.0), np.log(3.0)
large_scores = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)


def _weights(q, k, mask=None):
    """The student's weights as a numpy array of shape (..., n, m), compiled once per shape where JAX traces them."""
    shape = np.shape(q)[:-1] + np.shape(k)[-2:-1]
    return assert_shape(traced_or_eager_once(attention.attention_weights)(q, k, mask), shape,
                        f"the weights of q {np.shape(q)} and k {np.shape(k)}")


@functools.cache
def _weight_gradients(weights_fn):
    """(d/dq, d/dk) of sum(c * weights_fn(q, k, mask)), called as (q, k, mask, c), compiled once where JAX traces it."""
    def objective(q, k, mask, cotangent):
        return jnp.sum(weights_fn(q, k, mask) * cotangent)
    return traced_or_eager(jax.grad(objective, argnums=(0, 1)))


def _score_weights(scores, mask=None):
    """The student's weights for queries and keys whose scaled scores are exactly `scores` (4, m)."""
    return _weights(*score_matrix_inputs(scores), mask)


@pytest.mark.task("attention_weights")
def test_attention_weights_worked_example():
    """Scaled scores (0, ln 2, ln 3) give the weights (1/6, 2/6, 3/6); equal scores give equal weights.

    d = 4 and the queries are 2 e_i, so the scores q_i . k_j / 2 are the entries of the keys:
    query 0 scores (0, ln 2, ln 3), query 1 (0, 0, 0), query 2 (ln 3, ln 2, 0), query 3
    (ln 2, 0, ln 2).  Without the 1/sqrt(d) the first row would be (1, 4, 9)/14; dividing by
    d gives (1, sqrt 2, sqrt 3)/(1 + sqrt 2 + sqrt 3).

    Hint: scores = q @ k^T / sqrt(d), with d the size of the last axis, then a softmax over
    the keys (the last axis), row by row.
    """
    scores = np.array([[0.0, LN2, LN3], [0.0, 0.0, 0.0], [LN3, LN2, 0.0], [LN2, 0.0, LN2]])
    expected = np.array([[1 / 6, 2 / 6, 3 / 6], [1 / 3, 1 / 3, 1 / 3], [3 / 6, 2 / 6, 1 / 6], [2 / 5, 1 / 5, 2 / 5]])
    q, k = score_matrix_inputs(scores)
    assert_close(_weights(q, k), expected, f"the weights of the queries 2 e_i against the keys\n{k}",
                 rtol=1e-12, atol=1e-15)


@pytest.mark.task("attention_weights")
def test_attention_weights_mask_worked_example():
    """A masked key gets weight 0 and the others share the weight: scores (0, ln 2, ln 3) without the middle key give (1/4, 0, 3/4).

    Hint: a False entry of the mask means "may not attend": set that score to -inf (or a very
    negative number) before the softmax, so that its weight is exactly 0 and the remaining
    weights still sum to 1.
    """
    scores = np.array([[0.0, LN2, LN3]] * 4)
    mask = np.array([[True, False, True], [True, True, True], [False, False, True], [False, True, True]])
    expected = np.array([[1 / 4, 0, 3 / 4], [1 / 6, 2 / 6, 3 / 6], [0, 0, 1], [0, 2 / 5, 3 / 5]])
    assert_close(_score_weights(scores, mask), expected, "the weights of the scores (0, ln 2, ln 3) under the masks "
                 f"{mask.astype(int).tolist()}", rtol=1e-12, atol=0)


@pytest.mark.task("attention_weights")
@given(q=arrays((N, D)), k=arrays((M, D)))
@example(q=np.eye(N, D), k=np.arange(M * D, dtype=float).reshape(M, D) / 10)
def test_attention_weights_agree_with_the_softmax(q, k):
    """Each row of the weights is a probability distribution over the keys, the softmax of q k^T / sqrt(d).

    5 queries and 6 keys with d = 4, random entries.

    Hint: normalise over the keys (the last axis), not over the queries; the scale is
    1/sqrt(d) with d = q.shape[-1], not 1/d and not 1/sqrt(number of keys).
    """
    weights = _weights(q, k)
    assert np.all(weights >= 0), f"a weight is negative: {weights.min()}"
    assert_close(weights.sum(axis=-1), np.ones(N), "the sum of each query's weights over the keys")
    assert_close(weights, attention_weights_oracle(q, k), "the weights of 5 queries on 6 keys", rtol=1e-9, atol=1e-14)


@pytest.mark.task("attention_weights")
@given(q=arrays(BATCH + (N, D)), k=arrays(BATCH + (M, D)), mask=masks())
def test_attention_weights_act_on_each_leading_index(q, k, mask):
    """Leading axes (a batch, heads) are independent copies: weights of shape (2, 3, 5, 6), one (5, 6) mask for all.

    Hint: use k's last two axes only (jnp.swapaxes(k, -1, -2), not k.T, which also reverses
    the batch axes); reduce over axis -1 with keepdims=True; the mask broadcasts against the
    scores as it is.
    """
    assert_close(_weights(q, k), attention_weights_oracle(q, k), "the weights of a (2, 3) batch of 5 queries on 6 keys",
                 rtol=1e-9, atol=1e-14)
    assert_close(_weights(q, k, mask), attention_weights_oracle(q, k, mask),
                 f"the same weights with one (5, 6) mask for the batch,\n{mask.astype(int)}", rtol=1e-9, atol=1e-14)


@pytest.mark.task("attention_weights")
def test_attention_weights_stable_for_scores_of_1e4():
    """Scores as large as 1e4 in magnitude give finite, exact weights (energies measured from each row's lowest).

    Rows (1e4, 1e4 - ln 3, 0, -1e4, 5e3, -5e3), six times -1e4,
    (-1e4, -1e4 + ln 2, -2e4, -1e4 + ln 5, -1.5e4, -1e4) and (0, 0, 1e4, 0, -1e4, 1e4) give
    (3/4, 1/4, 0, 0, 0, 0), 1/6 each, (1, 2, 0, 5, 0, 1)/9 and (0, 0, 1/2, 0, 0, 1/2).

    Hint: exp(1e4) overflows and exp(-1e4) underflows to 0 (then 0/0 = nan): subtract each
    row's own maximum (axis=-1, keepdims=True) before exp, not the maximum of the whole array.
    """
    scores = np.array([[1e4, 1e4 - LN3, 0.0, -1e4, 5e3, -5e3], [-1e4] * 6,
                       [-1e4, -1e4 + LN2, -2e4, -1e4 + np.log(5.0), -1.5e4, -1e4], [0.0, 0.0, 1e4, 0.0, -1e4, 1e4]])
    expected = np.array([[0.75, 0.25, 0, 0, 0, 0], [1 / 6] * 6, [1 / 9, 2 / 9, 0, 5 / 9, 0, 1 / 9],
                         [0, 0, 0.5, 0, 0, 0.5]])
    assert_close(_score_weights(scores), expected, "the weights of scores of size 1e4", rtol=0, atol=1e-10)


@pytest.mark.task("attention_weights")
@given(scores=arrays((4, M)), shift=arrays((4,), large_scores))
@example(scores=np.arange(4 * M, dtype=float).reshape(4, M) / 7, shift=np.array([1e4, -1e4, 0.0, 5e3]))
def test_attention_weights_unchanged_by_a_shift_of_the_scores(scores, shift):
    """Adding a constant (up to 1e4) to all of one query's scores changes none of its weights.

    A shift of the zero of energy leaves a Boltzmann distribution unchanged.

    Hint: subtract each row's own maximum before exponentiating; rows may differ by 1e4.
    """
    assert_close(_score_weights(scores + shift[:, None]), softmax_rows(scores),
                 f"the weights of scores shifted row by row by {shift}", rtol=1e-8, atol=1e-12)


@pytest.mark.task("attention_weights")
@given(q=arrays((N, D)), k=arrays((M, D)), offset=arrays((D,), st.floats(-100.0, 100.0)))
def test_attention_weights_unchanged_by_a_vector_added_to_every_key(q, k, offset):
    """Adding the same vector a to every key shifts each query's scores by q . a / sqrt(d): the weights do not change.

    Hint: this is the shift invariance of the softmax; if it fails, the softmax is not taken
    over the keys of one query (axis -1), or it is not stable for the large shifts that
    |a| up to 100 produces.
    """
    assert_invariant(lambda keys: _weights(q, keys), k,
                     [(f"a = {offset} added to every key", lambda keys: keys + offset)],
                     "the weights of 5 queries on 6 keys", rtol=1e-7, atol=1e-11)


@pytest.mark.task("attention_weights")
@given(scores=arrays((4, M)), mask=masks((4, M)))
@example(scores=np.zeros((4, M)), mask=np.eye(4, M, dtype=bool))
def test_attention_weights_masked_keys_get_exactly_zero(scores, mask):
    """Forbidden keys get weight exactly 0; the allowed keys of each query share its whole weight.

    Hint: setting the weight to 0 after the softmax is not enough, the remaining weights must
    sum to 1; multiplying the scores by the mask gives a forbidden key the score 0, not -inf.
    """
    weights = _score_weights(scores, mask)
    assert np.all(weights[~mask] == 0), (
        f"forbidden keys must get weight exactly 0, got {weights[~mask].max():.3g} under the mask\n{mask.astype(int)}")
    assert_close(weights, softmax_rows(scores, mask), f"the weights under the mask\n{mask.astype(int)}",
                 rtol=1e-9, atol=1e-14)


@pytest.mark.task("attention_weights")
@given(scores=arrays((4, M), large_scores), masked_scores=arrays((4, M), large_scores), mask=masks((4, M)))
@example(scores=np.full((4, M), -1e4), masked_scores=np.full((4, M), 1e4), mask=np.eye(4, M, dtype=bool))
def test_attention_weights_ignore_the_scores_of_masked_keys(scores, masked_scores, mask):
    """The score of a forbidden key has no influence at all, even when it is 1e4 and the allowed ones are -1e4.

    In particular a query that may attend to one key only gives it weight 1, whatever the scores.

    Hint: take each row's maximum over the allowed keys only (set the forbidden scores to -inf
    first, then subtract the maximum): a forbidden score of 1e4 in the maximum makes every
    allowed exponential underflow to 0; a finite fill value such as -1e4 is not below every score.
    """
    mixed = np.where(mask, scores, masked_scores)
    assert_close(_score_weights(mixed, mask), softmax_rows(scores, mask),
                 f"the weights under the mask\n{mask.astype(int)}\nwith scores of size 1e4 at the forbidden keys",
                 rtol=1e-8, atol=1e-12)


@pytest.mark.task("attention_weights")
@FEW_EXAMPLES
@given(scores=arrays((4, M)), masked_scores=arrays((4, M), large_scores), mask=masks((4, M)),
       cotangent=arrays((4, M)))
@example(scores=np.zeros((4, M)), masked_scores=np.full((4, M), 1e4), mask=np.eye(4, M, dtype=bool),
         cotangent=np.arange(4.0 * M).reshape(4, M))
def test_attention_weights_are_differentiable(scores, masked_scores, mask, cotangent):
    """Training needs gradients: jax.grad through the weights is the softmax's, and forbidden keys get exactly 0, even at scores of 1e4.

    The gradient of sum(c * weights) with respect to the queries and the keys (c random) must
    equal the oracle's, be finite when a forbidden score is 1e4, and vanish exactly for the
    score of a forbidden key.

    Hint: write the weights with jax.numpy only (no numpy, no float()).  jnp.where(mask,
    exp(s - max), 0) still differentiates exp at the forbidden entries, where it may be inf,
    and 0 * inf = nan: set the forbidden scores to -inf before exp.
    """
    q, k = score_matrix_inputs(np.where(mask, scores, masked_scores))
    gradients = []
    for function in (attention.attention_weights, attention_weights_oracle):
        try:
            gradients.append(_weight_gradients(function)(q, k, mask, cotangent))
        except Exception as error:  # noqa: BLE001 - weights that jax cannot differentiate are the failure
            raise AssertionError(f"jax.grad through attention_weights failed: {type(error).__name__}: "
                                 f"{str(error).splitlines()[0]}") from None
    (d_q, d_k), (expected_q, expected_k) = gradients
    what = f"under the mask\n{mask.astype(int)}\nwith forbidden scores up to {np.abs(masked_scores).max():.3g}"
    # d/dq sums keys of size up to 1e4 (the forbidden scores of other queries) with weights summing to 0.
    atol = 1e-12 * (1 + np.abs(k).max())
    assert_close(d_q, expected_q, f"the gradient with respect to the queries {what}", rtol=1e-8, atol=atol)
    assert_close(d_k, expected_k, f"the gradient with respect to the keys {what}", rtol=1e-8, atol=atol)
    forbidden = np.asarray(d_k).T[~mask]  # k = scores^T: d_k[j, a] is the derivative by the score [a, j]
    assert np.all(forbidden == 0), (
        f"the score of a forbidden key must have no influence, its derivative is {np.abs(forbidden).max():.3g} {what}")


@pytest.mark.task("attention_weights")
def test_attention_weights_reject_bad_shapes():
    """Queries and keys need the same feature size d and two axes; the mask must broadcast to (..., n, m): ValueError otherwise.

    Hint: check q.ndim >= 2, k.ndim >= 2, q.shape[-1] == k.shape[-1] and that the mask's
    shape broadcasts to the scores' shape (..., n, m); re-read "Raises".
    """
    q, k = np.zeros((N, D)), np.zeros((M, D))
    assert_raises_value_error(attention.attention_weights, q, np.zeros((M, D + 1)), what="q (5, 4) with k (6, 5)")
    assert_raises_value_error(attention.attention_weights, np.zeros(D), k, what="q of shape (4,)")
    assert_raises_value_error(attention.attention_weights, q, np.zeros(D), what="k of shape (4,)")
    for shape in [(N, M + 1), (M, N), (2, N, M)]:
        assert_raises_value_error(attention.attention_weights, q, k, np.ones(shape, dtype=bool),
                                  what=f"q (5, 4), k (6, 4) and a mask of shape {shape}")
