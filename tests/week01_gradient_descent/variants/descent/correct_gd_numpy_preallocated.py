"""Gradient descent into a preallocated numpy array of shape (n_steps + 1, d)."""

import numpy as np

EXPECT_FAILING = []


def gradient_descent(grad_fn, x0, lr, n_steps):
    x0 = np.array(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if not lr > 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    trajectory = np.empty((n_steps + 1, x0.shape[0]))
    trajectory[0] = x0
    for k in range(n_steps):
        trajectory[k + 1] = trajectory[k] - lr * np.asarray(grad_fn(trajectory[k]))
    return trajectory
