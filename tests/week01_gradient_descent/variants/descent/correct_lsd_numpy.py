"""Line-search descent into a preallocated numpy array, gradient evaluated once per step."""

import numpy as np

EXPECT_FAILING = []


def line_search_descent(f, grad_fn, x0, n_steps):
    x0 = np.array(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    trajectory = np.empty((n_steps + 1, x0.shape[0]))
    trajectory[0] = x0
    for k in range(n_steps):
        t = float(backtracking_line_search(f, grad_fn, trajectory[k]))
        trajectory[k + 1] = trajectory[k] - t * np.asarray(grad_fn(trajectory[k]))
    return trajectory
