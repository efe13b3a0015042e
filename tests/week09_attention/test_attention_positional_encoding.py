"""Week 9, attention.py, task sinusoidal_positional_encoding: where each token sits in the sequence.

Layers: two positions by hand; the formula entry by entry for several (n, d); the
relative-position property (PE[p + k] is PE[p] rotated by the angle k w_i in every pair of
features, the same rotation for every p); and why positions are needed at all: self-attention
(the oracle's) of identical tokens gives identical outputs, and adding the encoding tells
them apart.
"""

import numpy as np
import pytest
from _attention_oracles import positional_encoding_oracle, random_params, scaled_dot_product_attention_oracle, seeds
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

attention = submission_module("week09_attention", "attention.py")

POSITIONS, DIMENSION = 64, 16  # the encoding of the relative-position test
TOKENS, FEATURES = 10, 6  # the identical tokens of the symmetry test


def _encoding(n, d):
    return assert_shape(attention.sinusoidal_positional_encoding(n, d), (n, d),
                        f"sinusoidal_positional_encoding({n}, {d})")


@pytest.mark.task("sinusoidal_positional_encoding")
def test_positional_encoding_worked_example():
    """Two positions in d = 4: PE[0] = (0, 1, 0, 1) and PE[1] = (sin 1, cos 1, sin 0.01, cos 0.01).

    The pair i = 1 has the frequency 10000^(-2/4) = 1/100.

    Hint: positions start at p = 0; column 2i is sin(p w_i) and column 2i + 1 is cos(p w_i),
    interleaved, with w_i = 10000^(-2i/d) (the exponent uses 2i, the index of the pair's
    first column).
    """
    expected = np.array([[0.0, 1.0, 0.0, 1.0], [np.sin(1.0), np.cos(1.0), np.sin(0.01), np.cos(0.01)]])
    assert_close(_encoding(2, 4), expected, "the encoding of positions 0 and 1 in d = 4", rtol=1e-12, atol=1e-15)


@pytest.mark.task("sinusoidal_positional_encoding")
@pytest.mark.parametrize("n, d", [(1, 2), (TOKENS, FEATURES), (POSITIONS, DIMENSION)])
def test_positional_encoding_formula(n, d):
    """PE[p, 2i] = sin(p / 10000^(2i/d)) and PE[p, 2i+1] = cos(p / 10000^(2i/d)) for every position and pair.

    Hint: the base is 10000 and the exponent 2i/d, the same for the sine and the cosine of a
    pair; positions run over 0 ... n-1.
    """
    assert_close(_encoding(n, d), positional_encoding_oracle(n, d), f"the encoding of {n} positions in d = {d}",
                 rtol=1e-10, atol=1e-12)


@pytest.mark.task("sinusoidal_positional_encoding")
@given(shift=st.integers(1, 20))
def test_relative_positions_are_rotations(shift):
    """Moving k positions rotates every pair of features by the fixed angle k w_i, whatever the position p.

    (PE[p+k, 2i], PE[p+k, 2i+1]) = R(k w_i) (PE[p, 2i], PE[p, 2i+1]) with
    R(a) = [[cos a, sin a], [-sin a, cos a]] and w_i = 10000^(-2i/d): attention can read
    relative positions with one linear map per offset.  64 positions, d = 16.

    Hint: each pair must be (sin, cos) of the same angle p w_i, in this order.
    """
    pe = _encoding(POSITIONS, DIMENSION)
    pairs = pe.reshape(POSITIONS, DIMENSION // 2, 2)  # [p, i] = (sin, cos) of pair i
    angles = shift * 10000.0 ** (-np.arange(0, DIMENSION, 2) / DIMENSION)
    cos, sin = np.cos(angles), np.sin(angles)
    rotation = np.stack([np.stack([cos, sin], -1), np.stack([-sin, cos], -1)], -2)  # (d/2, 2, 2)
    rotated = np.einsum("iab,pib->pia", rotation, pairs[:-shift])
    assert_close(pairs[shift:], rotated, f"PE[p + {shift}] against PE[p] rotated by {shift} w_i in each pair",
                 rtol=1e-9, atol=1e-10)


@pytest.mark.task("sinusoidal_positional_encoding")
@given(seed=seeds)
def test_positions_tell_identical_tokens_apart(seed):
    """Attention alone cannot tell identical tokens apart; adding the positional encoding can.

    Ten copies of one token: self-attention (the oracle's, random projections, d = 6) gives
    ten identical outputs, since without positions attention is permutation equivariant.
    With x + PE every output must differ from every other: positions break the symmetry, and
    that is why a model of a spin chain needs them.

    Hint: every row (position) of the encoding must be different: the position p enters the
    angle p w_i.
    """
    rng = np.random.default_rng(seed)
    params = random_params(seed, FEATURES)
    x = np.repeat(rng.normal(size=(1, FEATURES)), TOKENS, axis=0) + _encoding(TOKENS, FEATURES)
    out = np.asarray(scaled_dot_product_attention_oracle(x @ params["wq"], x @ params["wk"], x @ params["wv"]))
    gaps = np.linalg.norm(out[:, None] - out[None], axis=-1) + np.eye(TOKENS)
    assert gaps.min() > 1e-6, (
        f"with positions, the outputs of ten identical tokens must all differ; the smallest gap is {gaps.min():.3g}")


@pytest.mark.task("sinusoidal_positional_encoding")
def test_positional_encoding_rejects_bad_sizes():
    """The encoding needs at least one position and an even dimension d >= 2 (pairs of sin, cos): ValueError otherwise.

    Hint: check n >= 1, d >= 2 and d % 2 == 0; re-read "Raises".
    """
    for n, d in [(4, 3), (4, 0), (4, -2), (0, 4), (-1, 4)]:
        assert_raises_value_error(attention.sinusoidal_positional_encoding, n, d, what=f"n = {n}, d = {d}")
