"""The CNN applies np.tanh and np.mean: right logits eagerly, but jax.grad cannot trace numpy calls."""

import numpy as np

EXPECT_FAILING = ["cnn_forward"]


def cnn_forward(params, spins):
    spins = np.asarray(spins)
    if spins.ndim != 3:
        raise ValueError(f"spins must have shape (B, L, L), got {spins.shape}")
    h = np.tanh(conv2d_periodic(spins[..., None].astype(float), params["conv_w"], params["conv_b"]))
    return np.mean(h, axis=(1, 2)) @ params["dense_w"] + params["dense_b"]
