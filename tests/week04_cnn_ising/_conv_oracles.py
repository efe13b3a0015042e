"""Oracles, inputs and symmetries shared by the tests of conv.py (not collected: the name starts with _).

The oracles are written independently of any student code: the convolution is
`jax.lax.conv_general_dilated` (a cross-correlation, as in deep learning) on a lattice
padded by wrapping around (`jnp.pad(..., mode="wrap")`), the pooling is an explicit loop
over windows.  Inputs come from a seed so that hypothesis draws values, never shapes, and
JAX compiles for a handful of shapes only.

One bug costs one task: the tests of cnn_forward replace the graded layers that it may call
(conv2d_periodic and the pooling functions) by the oracles of `GRADED_ORACLES`, which are
traceable by JAX and raise ValueError for the shapes the docstrings reject.
"""

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st

# The one set of shapes most tests use: a batch of 2 lattices 6 x 6, a 3 x 3 kernel, 2 -> 3 channels.
B, L, K, C_IN, C_OUT = 2, 6, 3, 2, 3

seeds = st.integers(min_value=0, max_value=2**32 - 1)
offsets = st.integers(min_value=0, max_value=L - 1)

TOL = dict(rtol=1e-9, atol=1e-10)  # sums of a few dozen float64 products, exact to ~1e-14


def roll(x, di, dj):
    """Translate lattices (B, L, L) or (B, L, L, C) on the torus: out[i, j] = x[i - di, j - dj]."""
    return np.roll(np.asarray(x), (di, dj), axis=(1, 2))


def translation(di, dj):
    """The translation by (di, dj) on the torus, as (name, action on lattices) for autograder.checks."""
    return f"translation by ({di}, {dj})", lambda x: roll(x, di, dj)


def conv_oracle(x, w, b):
    """Periodic cross-correlation: wrap-pad by K//2 on each side, then a 'VALID' lax convolution."""
    pad = w.shape[0] // 2
    padded = jnp.pad(jnp.asarray(x, float), ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="wrap")
    out = jax.lax.conv_general_dilated(padded, jnp.asarray(w, float), window_strides=(1, 1),
                                       padding="VALID", dimension_numbers=("NHWC", "HWIO", "NHWC"))
    return out + jnp.asarray(b, float)


def pool_oracle(x, k, reduce):
    """`reduce` (np.max or np.mean) of every non-overlapping k x k window, by an explicit loop."""
    x = np.asarray(x, float)
    n, size, _, channels = x.shape
    out = np.empty((n, size // k, size // k, channels))
    for I in range(size // k):
        for J in range(size // k):
            out[:, I, J, :] = reduce(x[:, k * I:k * I + k, k * J:k * J + k, :], axis=(1, 2))
    return out


def _pool_window_oracle(x, k, reduce, init):
    """Non-overlapping k x k windows by jax.lax.reduce_window, with the docstrings' ValueErrors."""
    x = jnp.asarray(x, dtype=float)
    if x.ndim != 4 or k < 1 or x.shape[1] % k or x.shape[2] % k:
        raise ValueError(f"cannot pool x of shape {x.shape} with k = {k}")
    return jax.lax.reduce_window(x, init, reduce, (1, k, k, 1), (1, k, k, 1), "VALID")


def graded_conv(x, w, b):
    """Oracle of conv2d_periodic with its docstring's ValueErrors (traceable by JAX)."""
    x, w, b = (jnp.asarray(array) for array in (x, w, b))
    if (x.ndim != 4 or w.ndim != 4 or w.shape[0] != w.shape[1] or w.shape[0] % 2 == 0
            or x.shape[3] != w.shape[2] or b.shape != (w.shape[3],)):
        raise ValueError(f"no convolution of x {x.shape} with w {w.shape} and b {b.shape}")
    return conv_oracle(x, w, b)


def graded_global_pool(x):
    """Oracle of global_avg_pool: the sum over the sites divided by their number, (B, L, L, C) -> (B, C)."""
    x = jnp.asarray(x, dtype=float)
    if x.ndim != 4:
        raise ValueError(f"x of shape {x.shape} is not (B, L, L, C)")
    return x.sum(axis=(1, 2)) / (x.shape[1] * x.shape[2])


# The graded layers of conv.py that cnn_forward may call, and their oracles.
GRADED_ORACLES = dict(
    conv2d_periodic=graded_conv,
    max_pool2d=lambda x, k: _pool_window_oracle(x, k, jax.lax.max, -jnp.inf),
    avg_pool2d=lambda x, k: _pool_window_oracle(x, k, jax.lax.add, 0.0) / (k * k),
    global_avg_pool=graded_global_pool,
)


def cnn_oracle(params, spins):
    """conv (oracle) -> tanh -> mean over the lattice -> dense."""
    x = jnp.asarray(spins, float)[..., None]
    h = jnp.tanh(conv_oracle(x, params["conv_w"], params["conv_b"]))
    return h.mean(axis=(1, 2)) @ params["dense_w"] + params["dense_b"]


def normal(seed, shape):
    """Standard normal values: generic, so every kernel is asymmetric and every border nonzero."""
    return np.random.default_rng(seed).normal(size=shape)


def random_spins(seed, shape):
    """Integer spins +-1, as ising.py produces them."""
    return np.random.default_rng(seed).choice(np.array([-1, 1]), size=shape)


def random_params(seed, kernel=K, channels=C_OUT, n_classes=2):
    """CNN parameters of the shapes in cnn_forward's docstring.

    Of order one, so that tanh is neither linear nor saturated.
    """
    rng = np.random.default_rng(seed)
    return {
        "conv_w": rng.normal(size=(kernel, kernel, 1, channels)) * 0.5,
        "conv_b": rng.normal(size=(channels,)) * 0.5,
        "dense_w": rng.normal(size=(channels, n_classes)),
        "dense_b": rng.normal(size=(n_classes,)),
    }
