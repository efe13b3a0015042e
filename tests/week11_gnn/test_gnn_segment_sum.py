"""Week 11, gnn.py, task segment_sum: sums of rows by segment, the aggregation of message passing.

Layers: a sum worked out by hand (empty segments, an empty last segment); agreement with the
dense one-hot product of _gnn_oracles.py on random ids, for rows of any trailing shape; the
properties of a sum: the order of the rows is irrelevant and nothing is lost or counted
twice; the function works under jax.jit (with a static number of segments) and jax.grad.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _gnn_oracles import seeds, segment_sum_oracle
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error
from autograder.submission import submission_module

gnn = submission_module("week11_gnn", "gnn.py")

N_ROWS, N_SEGMENTS, WIDTH = 12, 5, 3
segment_id_lists = st.lists(st.integers(0, N_SEGMENTS - 1), min_size=N_ROWS, max_size=N_ROWS).map(np.array)
# Only ids 0 and 1 occur: segments 2, 3, 4 are empty, which exposes a size taken from max(ids) + 1.
LOW_IDS = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1])


def _rows(seed, shape=(N_ROWS, WIDTH)):
    return np.random.default_rng(seed).normal(size=shape)


@pytest.mark.task("segment_sum")
def test_segment_sum_worked_example():
    """Rows 0, 2, 3 go to segment 2 and row 1 to segment 0; segments 1 and 3 receive nothing and are zero.

    data = [[1, 2], [3, 4], [5, 6], [7, 8]], ids = (2, 0, 2, 2), num_segments = 4:
    segment 0 = (3, 4), segment 1 = (0, 0), segment 2 = (1+5+7, 2+6+8) = (13, 16), segment 3 = (0, 0).

    Hint: the output has num_segments rows whatever ids occur (not max(ids) + 1), row s is the
    sum (not the mean, not the last row written) of the rows whose id is s.
    """
    data = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
    out = gnn.segment_sum(data, np.array([2, 0, 2, 2]), 4)
    assert_close(out, [[3.0, 4.0], [0.0, 0.0], [13.0, 16.0], [0.0, 0.0]],
                 "the sums of data = [[1, 2], [3, 4], [5, 6], [7, 8]] by ids (2, 0, 2, 2) in 4 segments")


@pytest.mark.task("segment_sum")
def test_segment_sum_of_nothing_is_zero():
    """With no rows at all every segment is empty: the result is zero, of shape (num_segments, F).

    (A graph without edges: no node receives a message.)

    Hint: start from zeros of shape (num_segments,) + data.shape[1:] and add the rows to it.
    """
    out = gnn.segment_sum(np.zeros((0, WIDTH)), np.zeros(0, dtype=int), N_SEGMENTS)
    assert_close(out, np.zeros((N_SEGMENTS, WIDTH)), f"the sum of 0 rows in {N_SEGMENTS} segments", rtol=0, atol=0)


@pytest.mark.task("segment_sum")
@given(ids=segment_id_lists, seed=seeds)
@example(ids=LOW_IDS, seed=0)
@example(ids=np.full(N_ROWS, N_SEGMENTS - 1), seed=1)
def test_segment_sum_agrees_with_a_one_hot_product(ids, seed):
    """Random rows summed by random ids agree with the dense product onehot @ data, onehot[s, e] = [id_e == s].

    12 rows of width 3 in 5 segments; ids repeat and some segments stay empty.

    Hint: every row with id s adds to row s of the output, each once; repeated ids
    accumulate (with jax, `.at[ids].add(data)` accumulates, `.at[ids].set(data)` keeps one row).
    """
    data = _rows(seed)
    expected = np.asarray(segment_sum_oracle(data, ids, N_SEGMENTS))
    assert_close(gnn.segment_sum(data, ids, N_SEGMENTS), expected,
                 f"the sums by segment of 12 random rows with ids {ids.tolist()}", rtol=1e-12, atol=1e-12)


@pytest.mark.task("segment_sum")
@pytest.mark.parametrize("shape", [(N_ROWS,), (N_ROWS, 2, 3)])
def test_segment_sum_of_rows_of_any_shape(shape):
    """Rows may be numbers (data of shape (E,)) or matrices (E, 2, 3): the output has shape (S,) + data.shape[1:].

    Hint: sum along the first axis only, keeping every trailing axis of data.
    """
    data = _rows(7, shape)
    expected = np.asarray(segment_sum_oracle(data, LOW_IDS, N_SEGMENTS))
    assert_close(gnn.segment_sum(data, LOW_IDS, N_SEGMENTS), expected,
                 f"the sums by segment of rows of shape {shape[1:]} with ids {LOW_IDS.tolist()}",
                 rtol=1e-12, atol=1e-12)


@pytest.mark.task("segment_sum")
@given(ids=segment_id_lists, seed=seeds, permutation=st.permutations(range(N_ROWS)))
def test_segment_sum_ignores_the_order_of_the_rows(ids, seed, permutation):
    """Reordering the rows together with their ids changes no sum (edges have no order).

    Hint: the result may depend only on which rows carry which id, not on their positions.
    """
    data, order = _rows(seed), np.array(permutation)
    assert_close(gnn.segment_sum(data[order], ids[order], N_SEGMENTS), gnn.segment_sum(data, ids, N_SEGMENTS),
                 f"the sums by segment after reordering the rows by {order.tolist()}", rtol=1e-12, atol=1e-12)


@pytest.mark.task("segment_sum")
@given(ids=segment_id_lists, seed=seeds)
@example(ids=LOW_IDS, seed=2)
def test_segment_sum_conserves_the_total(ids, seed):
    """Nothing is lost or counted twice: the segments add up to the sum of all rows.

    Hint: each row goes to exactly one segment, its id; the total over segments is the
    total over rows, whatever the ids.
    """
    data = _rows(seed)
    out = np.asarray(gnn.segment_sum(data, ids, N_SEGMENTS))
    assert_close(out.sum(axis=0), data.sum(axis=0), f"the total over segments with ids {ids.tolist()}",
                 rtol=1e-12, atol=1e-12)


@pytest.mark.task("segment_sum")
def test_segment_sum_under_jit_and_grad():
    """Inside a trained network segment_sum is compiled by jax.jit (num_segments static) and differentiated by jax.grad.

    The compiled sums must agree with the one-hot product, and since the sum is linear, the
    gradient of sum_s c_s . out_s with respect to row e is c at its segment, c[ids[e]].

    Hint: under jax.jit the ids are traced: their values are unknown, so take the number of
    output rows from num_segments (never from max(ids) or a Python loop over the values), and
    use jax.numpy (no numpy, no int() of an id).
    """
    data = _rows(3)
    weights = _rows(4, (N_SEGMENTS, WIDTH))
    compiled = jax.jit(gnn.segment_sum, static_argnums=2)
    try:
        out = compiled(data, LOW_IDS, N_SEGMENTS)
        grad = jax.jit(jax.grad(lambda d: jnp.sum(weights * gnn.segment_sum(d, LOW_IDS, N_SEGMENTS))))(data)
    except Exception as error:  # noqa: BLE001 - a function that jax cannot trace is the failure
        raise AssertionError(f"segment_sum fails under jax.jit or jax.grad: "
                             f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
    assert_close(out, np.asarray(segment_sum_oracle(data, LOW_IDS, N_SEGMENTS)),
                 f"jax.jit(segment_sum) with ids {LOW_IDS.tolist()}", rtol=1e-12, atol=1e-12)
    assert_close(grad, weights[LOW_IDS], "the gradient of sum(c * segment_sum(data)) with respect to data, c[ids]",
                 rtol=1e-12, atol=1e-12)


@pytest.mark.task("segment_sum")
def test_segment_sum_rejects_bad_arguments():
    """One id per row, and a number of segments >= 0: anything else is a ValueError.

    Hint: check that segment_ids has shape (E,) for data of E rows, that data has at least
    one axis and that num_segments >= 0; re-read "Raises".
    """
    data = np.ones((4, 2))
    call = functools.partial(assert_raises_value_error, gnn.segment_sum)
    call(data, np.zeros(3, dtype=int), 2, what="4 rows of data with 3 segment ids")
    call(data, np.zeros(5, dtype=int), 2, what="4 rows of data with 5 segment ids")
    call(data, np.zeros((4, 1), dtype=int), 2, what="segment_ids of shape (4, 1) (not 1-D)")
    call(np.float64(1.0), np.zeros(1, dtype=int), 2, what="a scalar data (no rows)")
    call(data, np.zeros(4, dtype=int), -1, what="num_segments = -1")
