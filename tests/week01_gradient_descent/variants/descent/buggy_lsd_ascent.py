"""Line-search descent that moves x + t g: the searched step taken uphill."""

EXPECT_FAILING = ["line_search_descent"]


def line_search_descent(f, grad_fn, x0, n_steps):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    trajectory = [x0]
    for _ in range(n_steps):
        x = trajectory[-1]
        t = backtracking_line_search(f, grad_fn, x)
        trajectory.append(x + t * grad_fn(x))
    return jnp.stack(trajectory)
