"""Week 9, attention.py, task causal_mask: the mask that makes attention autoregressive.

The mask is used only with the oracle's attention, never with the student's: a bug of the
softmax costs only attention_weights.  Layers: the matrix by hand; numpy's tril for several
sizes; the autoregressive property of masked self-attention, by jax.jacfwd: output i does
not depend on tokens j > i at all, and does depend on every token j <= i.
"""

import jax
import numpy as np
import pytest
from _attention_oracles import D, arrays, random_params, scaled_dot_product_attention_oracle, seeds
from hypothesis import given

from autograder.checks import assert_raises_value_error, assert_shape
from autograder.submission import submission_module

attention = submission_module("week09_attention", "attention.py")

LENGTH = 6  # tokens of the self-attention tests


def _mask(n):
    """The student's causal mask, checked to be an (n, n) boolean array."""
    mask = attention.causal_mask(n)
    dtype = np.asarray(mask).dtype
    assert dtype == bool, f"causal_mask({n}) must be a boolean array (True = may attend), got dtype {dtype}"
    return assert_shape(mask, (n, n), f"causal_mask({n})").astype(bool)


@pytest.mark.task("causal_mask")
def test_causal_mask_worked_example():
    """For three tokens, token 0 sees itself, token 1 sees tokens 0 and 1, token 2 sees all three.

    Hint: entry [i, j] (query i, key j) is True when j <= i: lower triangular, diagonal
    included, of dtype bool.
    """
    expected = np.array([[1, 0, 0], [1, 1, 0], [1, 1, 1]])
    mask = _mask(3)
    assert np.array_equal(mask, expected), f"causal_mask(3) must be\n{expected}\ngot\n{mask.astype(int)}"


@pytest.mark.task("causal_mask")
@pytest.mark.parametrize("n", [1, 2, 5, 10])
def test_causal_mask_is_lower_triangular(n):
    """Query i may attend to key j exactly when j <= i, for sequences of 1 to 10 tokens.

    Hint: compare the column index j with the row index i (j <= i), for instance with
    jnp.tril of a boolean matrix of ones.
    """
    mask = _mask(n)
    expected = np.tril(np.ones((n, n), dtype=bool))
    assert np.array_equal(mask, expected), f"causal_mask({n}) must be\n{expected.astype(int)}\ngot\n{mask.astype(int)}"


def _self_attention(params, x, mask):
    return scaled_dot_product_attention_oracle(x @ params["wq"], x @ params["wk"], x @ params["wv"], mask)


# d output_i / d x_j of the oracle's self-attention under a given mask: (n, D, n, D).
_self_attention_jacobian = jax.jit(jax.jacfwd(_self_attention, argnums=1))


@pytest.mark.task("causal_mask")
@given(x=arrays((LENGTH, D)), seed=seeds)
def test_causal_self_attention_is_autoregressive(x, seed):
    """With the causal mask, output i of self-attention depends on tokens 0 ... i only, and on each of them.

    The Jacobian d output_i / d x_j (jax.jacfwd, through the oracle's attention and your mask)
    must be exactly 0 for j > i: a model can then predict token i + 1 from tokens 0 ... i in
    one pass, without seeing the answer.  For j <= i it must not vanish.

    Hint: entry [i, j] of the mask is True when j <= i: True means "may attend"; the
    transposed mask lets token 0 see the whole future.
    """
    params = random_params(seed, D)
    jacobian = np.asarray(_self_attention_jacobian(params, x, _mask(LENGTH)))
    dependence = np.abs(jacobian).max(axis=(1, 3))  # [i, j]: how much output i moves with token j
    future = np.triu(np.ones((LENGTH, LENGTH), dtype=bool), k=1)
    assert np.all(dependence[future] == 0), (
        f"output i must not depend on tokens j > i; max |d output_i / d x_j| for i, j:\n{dependence}")
    assert np.all(dependence[~future] > 0), (
        f"output i must depend on every token j <= i; max |d output_i / d x_j| for i, j:\n{dependence}")


@pytest.mark.task("causal_mask")
def test_causal_mask_rejects_an_empty_sequence():
    """A sequence has at least one token: causal_mask(0) and causal_mask(-1) are a ValueError.

    Hint: check n >= 1 before building the mask; re-read "Raises".
    """
    for n in (0, -1):
        assert_raises_value_error(attention.causal_mask, n, what=f"causal_mask({n})")
