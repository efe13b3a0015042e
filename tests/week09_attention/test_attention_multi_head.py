"""Week 9, attention.py, task multi_head_attention: H heads on column blocks, concatenated, then wo.

Every test runs with the oracle's attention in place of the student's
(`attention.oracles(attention_weights=..., scaled_dot_product_attention=...)`), so that a
bug of either costs only its own task.  Layers: two one-feature heads by hand; one head is
single-head attention with the projections; a loop-over-heads oracle for H = 2 and 4, with
and without the causal mask; relabelling the heads (column blocks of wq, wk, wv with the
matching row blocks of wo) changes nothing; permuting the tokens permutes the output.
"""

import functools

import numpy as np
import pytest
from _attention_oracles import (attention_weights_oracle, multi_head_attention_oracle, random_params,
                                scaled_dot_product_attention_oracle, seeds)
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_equivariant, assert_raises_value_error, assert_shape
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager

attention = submission_module("week09_attention", "attention.py")

TOKENS, FEATURES = 5, 8  # x of shape (n, D) in the random tests
CAUSAL = np.tril(np.ones((TOKENS, TOKENS), dtype=bool))
head_counts = st.sampled_from([2, 4])


def _mha(params, x, num_heads, mask=None):
    """The student's multi-head attention with the oracle's attention inside, as an (n, D) numpy array."""
    with attention.oracles(attention_weights=attention_weights_oracle,
                           scaled_dot_product_attention=scaled_dot_product_attention_oracle):
        out = _heads_fixed(attention.multi_head_attention, num_heads)(params, x, mask)
    return assert_shape(out, np.shape(x), f"multi-head attention of x {np.shape(x)} with {num_heads} heads")


@functools.cache
def _heads_fixed(mha_fn, num_heads):
    """mha_fn(params, x, num_heads, mask) as a function of (params, x, mask), compiled once per shape where JAX
    traces it (the number of heads shapes its reshapes: a constant of the trace).  Every call, and so every
    trace, is inside the oracles block of `_mha`: the compiled layer holds the oracle's attention."""
    return traced_or_eager(lambda params, x, mask: mha_fn(params, x, num_heads, mask))


def _sequence(seed):
    return np.random.default_rng(seed).normal(size=(TOKENS, FEATURES))


@pytest.mark.task("multi_head_attention")
def test_multi_head_attention_worked_example():
    """Two tokens e0, e1 and two heads of one feature each, all projections the identity.

    Head 0 works on feature 0: token 0 scores (1, 0) against the keys, token 1 scores (0, 0),
    so its outputs are e/(e+1) and 1/2; head 1 mirrors it on feature 1.  Concatenated:
    [[e/(e+1), 1/2], [1/2, e/(e+1)]], and wo = [[1, 2], [0, 1]] mixes the heads' columns.
    Each head is scaled by sqrt(dh) = 1, not by sqrt(D) = sqrt(2).

    Hint: head h uses columns h*dh ... (h+1)*dh of x@wq, x@wk and x@wv and is attention on
    dh = D/H features; concatenate the heads' outputs in order, then multiply by wo.
    """
    a = np.e / (np.e + 1)
    identity = np.eye(2)
    params = {"wq": identity, "wk": identity, "wv": identity, "wo": np.array([[1.0, 2.0], [0.0, 1.0]])}
    expected = np.array([[a, 0.5], [0.5, a]]) @ params["wo"]
    assert_close(_mha(params, identity, 2), expected, "two heads of one feature on the tokens e0, e1",
                 rtol=1e-12, atol=1e-14)


@pytest.mark.task("multi_head_attention")
@given(seed=seeds)
def test_one_head_is_attention_with_projections(seed):
    """With H = 1, multi-head attention is attention(x wq, x wk, x wv) @ wo.

    Hint: Q = x @ wq (x on the left, the weights are (D, D) and not transposed), likewise K
    and V; the output is multiplied by wo.
    """
    params, x = random_params(seed, FEATURES), _sequence(seed)
    expected = scaled_dot_product_attention_oracle(x @ params["wq"], x @ params["wk"], x @ params["wv"]) @ params["wo"]
    assert_close(_mha(params, x, 1), expected, "one head on 5 tokens of 8 features", rtol=1e-9, atol=1e-12)


@pytest.mark.task("multi_head_attention")
@given(seed=seeds, num_heads=head_counts, masked=st.booleans())
def test_multi_head_attention_agrees_with_a_loop_over_heads(seed, num_heads, masked):
    """2 or 4 heads on column blocks of the projections, concatenated in order, agree with a loop over heads.

    With the causal mask, every head sees the same mask.

    Hint: head h is columns h*dh ... (h+1)*dh - 1 of Q = x@wq (a block of consecutive columns,
    not every H-th column); reshaping (n, D) to (H, n, dh) directly mixes tokens: reshape to
    (n, H, dh), then move the head axis first; put the heads back the same way.
    """
    params, x = random_params(seed, FEATURES), _sequence(seed)
    mask = CAUSAL if masked else None
    assert_close(_mha(params, x, num_heads, mask), multi_head_attention_oracle(params, x, num_heads, mask),
                 f"{num_heads} heads on 5 tokens of 8 features" + (" with the causal mask" if masked else ""),
                 rtol=1e-9, atol=1e-12)


@pytest.mark.task("multi_head_attention")
@given(seed=seeds, heads=st.permutations(range(4)).map(np.array))
def test_relabelling_the_heads_changes_nothing(seed, heads):
    """The heads are an unordered set: moving head blocks of wq, wk, wv and the matching row blocks of wo changes nothing.

    4 heads of 2 features: the column blocks of wq, wk and wv are permuted, and the row blocks
    of wo with them, so each head's output still meets its own rows of wo.

    Hint: the output is concat[heads] @ wo, with head h on column block h of the projections
    and its output on the same block of the concatenation.
    """
    params, x = random_params(seed, FEATURES), _sequence(seed)
    columns = (2 * heads[:, None] + np.arange(2)).ravel()  # the feature indices, block by block

    def relabel(p):
        return {"wq": p["wq"][:, columns], "wk": p["wk"][:, columns], "wv": p["wv"][:, columns],
                "wo": p["wo"][columns, :]}

    assert_equivariant(lambda p: _mha(p, x, 4), params, [(f"the permutation {heads} of the heads", relabel,
                                                          lambda out: out)],
                       "multi-head attention with 4 heads", rtol=1e-9, atol=1e-12)


@pytest.mark.task("multi_head_attention")
@given(seed=seeds, tokens=st.permutations(range(TOKENS)).map(np.array))
def test_multi_head_attention_is_permutation_equivariant(seed, tokens):
    """Without a mask and without positions, permuting the tokens permutes the output rows (2 heads).

    Hint: each token's query, key and value come from its own row of x, and the head split
    acts on the feature axis only (never reshape the token axis into the heads).
    """
    params, x = random_params(seed, FEATURES), _sequence(seed)
    assert_equivariant(lambda x_: _mha(params, x_, 2), x, [(f"the permutation {tokens} of the tokens",
                                                            lambda x_: x_[tokens], lambda out: out[tokens])],
                       "multi-head attention permutes its output with its tokens", rtol=1e-9, atol=1e-12)


@pytest.mark.task("multi_head_attention")
def test_multi_head_attention_rejects_bad_arguments():
    """x must be one sequence (n, D), H a positive divisor of D, every weight (D, D): ValueError otherwise.

    Hint: check x.ndim == 2, num_heads >= 1 and D % num_heads == 0, and the shape of each of
    wq, wk, wv, wo; re-read "Raises".
    """
    params, x = random_params(0, FEATURES), _sequence(0)
    with attention.oracles(attention_weights=attention_weights_oracle,
                           scaled_dot_product_attention=scaled_dot_product_attention_oracle):
        for num_heads in (3, 0, -2):
            assert_raises_value_error(attention.multi_head_attention, params, x, num_heads,
                                      what=f"D = 8 features with num_heads = {num_heads}")
        assert_raises_value_error(attention.multi_head_attention, params, x[None], 2, what="x of shape (1, 5, 8)")
        for name in ("wq", "wk", "wv", "wo"):
            bad = {**params, name: np.zeros((FEATURES, FEATURES + 2))}
            assert_raises_value_error(attention.multi_head_attention, bad, x, 2,
                                      what=f"{name} of shape (8, 10) for D = 8")
