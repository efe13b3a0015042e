"""Line-search descent whose search at step k starts from t_{k-1} instead of t0 = 1: steps can only shrink."""

EXPECT_FAILING = ["line_search_descent"]


def line_search_descent(f, grad_fn, x0, n_steps):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    trajectory, t = [x0], 1.0
    for _ in range(n_steps):
        x = trajectory[-1]
        t = backtracking_line_search(f, grad_fn, x, t0=t) if t > 0 else 0.0
        trajectory.append(x - t * grad_fn(x))
    return jnp.stack(trajectory)
