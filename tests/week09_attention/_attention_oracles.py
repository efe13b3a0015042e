"""Oracles of the week 9 attention.py tests, written independently of the student's module.

- Attention weights from `jax.nn.softmax` of the scores (einsum), masked entries set to
  -inf; attention as an einsum of those weights with the values.  Both are jitted once and
  are what the tests of the calling functions substitute for the student's callees
  (`attention.oracles(...)`), so that one bug costs one task.
- Multi-head attention as a loop over heads with explicit column slices.
- The sinusoidal encoding entry by entry, and layer normalisation with numpy's biased var.
- `score_matrix_inputs`: queries and keys whose scaled scores q k^T / sqrt(d) are exactly a
  given matrix S, so that the softmax can be tested on any scores, including 1e4.
"""

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Fixed shapes of the random tests (one compilation each): n queries, m keys, feature size d.
N, M, D = 5, 6, 4
DV = 3  # size of the values
BATCH = (2, 3)  # leading axes: a batch and heads

moderate = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)
seeds = st.integers(0, 2**32 - 1)
# For the tests whose every example traces jax.grad or jax.jacfwd through the student's code.
FEW_EXAMPLES = settings(max_examples=10)


def arrays(shape, elements=moderate):
    """float64 arrays of a fixed shape drawn by hypothesis."""
    return hnp.arrays(np.float64, shape, elements=elements)


@st.composite
def masks(draw, shape=(N, M)):
    """Boolean (n, m) masks with at least one allowed key in every row (the SPEC's promise)."""
    mask = draw(hnp.arrays(np.bool_, shape))
    allowed = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, shape[-1] - 1)))
    np.put_along_axis(mask, allowed[..., None], True, axis=-1)
    return mask


@jax.jit
def attention_weights_oracle(q, k, mask=None):
    """softmax over keys of q k^T / sqrt(d), masked scores set to -inf (jax.nn.softmax is stable)."""
    scores = jnp.einsum("...nd,...md->...nm", q, k) / jnp.sqrt(q.shape[-1])
    allowed = True if mask is None else mask
    return jax.nn.softmax(jnp.where(allowed, scores, -jnp.inf), axis=-1)


@jax.jit
def scaled_dot_product_attention_oracle(q, k, v, mask=None):
    return jnp.einsum("...nm,...me->...ne", attention_weights_oracle(q, k, mask), v)


def multi_head_attention_oracle(params, x, num_heads, mask=None):
    """Head h on columns h*dh ... (h+1)*dh of x@wq, x@wk, x@wv; heads concatenated in order, then @ wo."""
    dh = x.shape[1] // num_heads
    q, k, v = (np.asarray(x @ params[name]) for name in ("wq", "wk", "wv"))
    heads = [scaled_dot_product_attention_oracle(q[:, h * dh:(h + 1) * dh], k[:, h * dh:(h + 1) * dh],
                                                 v[:, h * dh:(h + 1) * dh], mask) for h in range(num_heads)]
    return np.concatenate([np.asarray(head) for head in heads], axis=1) @ params["wo"]


def random_params(seed, size):
    """wq, wk, wv, wo of shape (size, size), normal with variance 1/size."""
    rng = np.random.default_rng(seed)
    return {name: rng.normal(size=(size, size)) / np.sqrt(size) for name in ("wq", "wk", "wv", "wo")}


def positional_encoding_oracle(n, d):
    """PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(same), entry by entry."""
    pe = np.zeros((n, d))
    for p in range(n):
        for i in range(d // 2):
            angle = p / 10000 ** (2 * i / d)
            pe[p, 2 * i], pe[p, 2 * i + 1] = np.sin(angle), np.cos(angle)
    return pe


def layer_norm_oracle(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(np.var(x, axis=-1, keepdims=True) + eps) * gamma + beta


def score_matrix_inputs(scores):
    """(q, k) with q k^T / sqrt(d) = scores exactly: d = n = 4 rows, q = 2 I, k = scores^T."""
    scores = np.asarray(scores, dtype=float)
    assert scores.shape[0] == 4, "score_matrix_inputs needs 4 queries (d = 4, sqrt(d) = 2)"
    return 2.0 * np.eye(4), scores.T.copy()


def softmax_rows(scores, mask=None):
    """The expected weights of `score_matrix_inputs(scores)`: masked, stable softmax of each row (numpy)."""
    scores = np.where(True if mask is None else mask, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)
