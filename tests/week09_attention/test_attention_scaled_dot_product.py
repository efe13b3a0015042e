"""Week 9, attention.py, task scaled_dot_product_attention: the weighted average of the values.

Every test runs with the oracle's attention weights in place of the student's
(`attention.oracles(attention_weights=...)`), so that a softmax bug costs only the task
attention_weights.  Layers: a case by hand; agreement with an einsum oracle; the symmetries
of attention without positions (queries permuted -> outputs permuted; keys and values
permuted together -> nothing changes; a vector added to every key -> nothing changes); and
a masked value has no influence on the output, to the last bit of its gradient.
"""

import jax
import numpy as np
import pytest
from _attention_oracles import (BATCH, D, DV, FEW_EXAMPLES, M, N, arrays, attention_weights_oracle, masks,
                                scaled_dot_product_attention_oracle)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_equivariant, assert_invariant, assert_raises_value_error
from autograder.checks import assert_shape
from autograder.submission import submission_module

attention = submission_module("week09_attention", "attention.py")

permutations_of_keys = st.permutations(range(M)).map(np.array)
permutations_of_queries = st.permutations(range(N)).map(np.array)


def _attend(q, k, v, mask=None):
    """The student's attention (with the oracle's weights) as a numpy array of shape (..., n, dv)."""
    with attention.oracles(attention_weights=attention_weights_oracle):
        out = attention.scaled_dot_product_attention(q, k, v, mask)
    return assert_shape(out, np.shape(q)[:-1] + np.shape(v)[-1:],
                        f"the attention output of q {np.shape(q)}, k {np.shape(k)}, v {np.shape(v)}")


@pytest.mark.task("scaled_dot_product_attention")
def test_attention_worked_example():
    """Weights (1/4, 3/4) on the values (4, 0) and (0, 8) give the output (1, 6).

    The query (2, 0, 0, 0) meets keys whose first components are 0 and ln 3 (scores 0 and
    ln 3, d = 4); a zero query averages the values equally, (2, 4).

    Hint: output = weights @ v, with the weights from attention_weights(q, k, mask): each
    output row is a weighted average of the rows of v (one row per key).
    """
    q = np.array([[2.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    k = np.array([[0.0, 1.0, 0.0, 0.0], [np.log(3.0), 0.0, 1.0, 0.0]])
    v = np.array([[4.0, 0.0], [0.0, 8.0]])
    assert_close(_attend(q, k, v), np.array([[1.0, 6.0], [2.0, 4.0]]), "the outputs of two queries on two keys",
                 rtol=1e-12, atol=1e-14)


@pytest.mark.task("scaled_dot_product_attention")
@given(q=arrays((N, D)), k=arrays((1, D)), v=arrays((1, DV)))
def test_attention_to_a_single_key_returns_its_value(q, k, v):
    """With one key (m = 1) every query gets weight 1 on it: every output row is that key's value.

    Hint: the output has one row per query and the size of the values, (n, dv).
    """
    assert_close(_attend(q, k, v), np.repeat(v, N, axis=0), "the outputs of 5 queries on a single key",
                 rtol=1e-12, atol=1e-14)


@pytest.mark.task("scaled_dot_product_attention")
@given(q=arrays(BATCH + (N, D)), k=arrays(BATCH + (M, D)), v=arrays(BATCH + (M, DV)), mask=masks())
def test_attention_agrees_with_the_oracle(q, k, v, mask):
    """Attention of a (2, 3) batch of 5 queries on 6 keys with 3-component values, with and without a mask.

    Hint: weights (..., n, m) @ v (..., m, dv) on the last two axes; pass the mask on to
    attention_weights.
    """
    assert_close(_attend(q, k, v), scaled_dot_product_attention_oracle(q, k, v), "attention without a mask",
                 rtol=1e-9, atol=1e-12)
    assert_close(_attend(q, k, v, mask), scaled_dot_product_attention_oracle(q, k, v, mask),
                 f"attention under the mask\n{mask.astype(int)}", rtol=1e-9, atol=1e-12)


@pytest.mark.task("scaled_dot_product_attention")
@given(q=arrays((N, D)), k=arrays((M, D)), v=arrays((M, DV)), queries=permutations_of_queries,
       keys=permutations_of_keys)
def test_attention_is_permutation_symmetric(q, k, v, queries, keys):
    """Without positions attention has no notion of order: permuting the queries permutes the outputs,
    and permuting the keys and the values together changes nothing.

    Hint: each output row must be computed from its own query; the value of key j must stay
    paired with key j (weights @ v, not weights @ v.T or weights.T @ v).
    """
    assert_equivariant(lambda q_: _attend(q_, k, v), q, [(f"the permutation {queries} of the queries",
                                                         lambda q_: q_[queries], lambda out: out[queries])],
                       "attention permutes its outputs with its queries", rtol=1e-9, atol=1e-12)
    assert_invariant(lambda kv: _attend(q, *kv), (k, v), [(f"the permutation {keys} of the keys and the values",
                                                           lambda kv: (kv[0][keys], kv[1][keys]))],
                     "attention is unchanged when keys and values are permuted together", rtol=1e-9, atol=1e-12)


@pytest.mark.task("scaled_dot_product_attention")
@given(q=arrays((N, D)), k=arrays((M, D)), v=arrays((M, DV)), offset=arrays((D,)))
def test_attention_unchanged_by_a_vector_added_to_every_key(q, k, v, offset):
    """Adding the same vector to every key shifts each query's scores by a constant: the output does not change.

    Hint: the keys enter only through attention_weights(q, k, mask); the values are not
    shifted.
    """
    assert_invariant(lambda keys: _attend(q, keys, v), k,
                     [(f"{offset} added to every key", lambda keys: keys + offset)],
                     "the attention output", rtol=1e-9, atol=1e-12)


@pytest.mark.task("scaled_dot_product_attention")
@FEW_EXAMPLES
@given(q=arrays((N, D)), k=arrays((M, D)), v=arrays((M, DV)), mask=masks(), cotangent=arrays((N, DV)))
@example(q=np.ones((N, D)), k=np.ones((M, D)), v=np.ones((M, DV)), mask=np.eye(N, M, dtype=bool),
         cotangent=np.ones((N, DV)))
def test_masked_values_do_not_influence_the_output(q, k, v, mask, cotangent):
    """A value that no query may attend to has no influence on the output: its gradient is exactly 0.

    The gradient of sum(c * output) with respect to v, for a random c; value j of a key
    forbidden to every query must get exactly 0, and the gradient is weights^T c everywhere.

    Hint: pass the mask on to attention_weights; the output is weights @ v.
    """
    hidden = ~mask.any(axis=0)  # keys that no query may see
    gradient = jax.grad(lambda v_: (attention.scaled_dot_product_attention(q, k, v_, mask) * cotangent).sum())
    with attention.oracles(attention_weights=attention_weights_oracle):
        d_v = np.asarray(gradient(v))
    assert np.all(d_v[hidden] == 0), (
        f"the values of the keys {np.flatnonzero(hidden)}, which no query may see under the mask\n{mask.astype(int)}\n"
        f"must not influence the output, but their gradient is {np.abs(d_v[hidden]).max():.3g}")
    expected = np.asarray(attention_weights_oracle(q, k, mask)).T @ cotangent
    assert_close(d_v, expected, f"the gradient with respect to the values under the mask\n{mask.astype(int)}",
                 rtol=1e-9, atol=1e-12)


@pytest.mark.task("scaled_dot_product_attention")
def test_attention_rejects_values_that_do_not_match_the_keys():
    """There must be one value per key: v with another number of rows than k is a ValueError.

    Hint: check v.ndim >= 2 and v.shape[-2] == k.shape[-2]; re-read "Raises".
    """
    q, k = np.zeros((N, D)), np.zeros((M, D))
    with attention.oracles(attention_weights=attention_weights_oracle):
        for shape in [(M + 1, DV), (M - 1, DV), (DV,)]:
            assert_raises_value_error(attention.scaled_dot_product_attention, q, k, np.zeros(shape),
                                      what=f"6 keys with values of shape {shape}")
