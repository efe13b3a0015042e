"""Gradient descent that returns x_1 .. x_n: the start point x0 is missing from row 0."""

EXPECT_FAILING = ["gradient_descent"]


def gradient_descent(grad_fn, x0, lr, n_steps):
    x = jnp.asarray(x0, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x.shape}")
    if lr <= 0 or n_steps < 0:
        raise ValueError(f"need lr > 0 and n_steps >= 0, got lr = {lr}, n_steps = {n_steps}")
    trajectory = []
    for _ in range(n_steps):
        x = x - lr * grad_fn(x)
        trajectory.append(x)
    return jnp.stack(trajectory) if trajectory else jnp.zeros((0, x.shape[0]))
