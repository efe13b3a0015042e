"""Müller-Brown with numpy's exp: right values, but jax.grad cannot trace through it."""

import numpy as np

EXPECT_FAILING = ["muller_brown"]


def muller_brown(xy):
    xy = np.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    p = {key: np.asarray(value) for key, value in MULLER_BROWN_PARAMS.items()}
    dx = xy[..., 0:1] - p["x0"]
    dy = xy[..., 1:2] - p["y0"]
    return np.sum(p["A"] * np.exp(p["a"] * dx**2 + p["b"] * dx * dy + p["c"] * dy**2), axis=-1)
