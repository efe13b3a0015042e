"""Gradient descent in numpy that updates x in place with x -= ...: the caller's x0 is overwritten."""

import numpy as np

EXPECT_FAILING = ["gradient_descent"]


def gradient_descent(grad_fn, x0, lr, n_steps):
    x = np.asarray(x0, dtype=float)  # no copy: x is the caller's array
    if x.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x.shape}")
    if lr <= 0 or n_steps < 0:
        raise ValueError(f"need lr > 0 and n_steps >= 0, got lr = {lr}, n_steps = {n_steps}")
    trajectory = [x.copy()]
    for _ in range(n_steps):
        x -= lr * np.asarray(grad_fn(x))
        trajectory.append(x.copy())
    return np.array(trajectory)
