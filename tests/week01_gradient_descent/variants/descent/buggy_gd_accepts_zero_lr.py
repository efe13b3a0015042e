"""Gradient descent whose check is lr < 0: a zero step size is accepted and nothing moves."""

EXPECT_FAILING = ["gradient_descent"]


def gradient_descent(grad_fn, x0, lr, n_steps):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if lr < 0 or n_steps < 0:
        raise ValueError(f"need lr >= 0 and n_steps >= 0, got lr = {lr}, n_steps = {n_steps}")
    trajectory = [x0]
    for _ in range(n_steps):
        trajectory.append(trajectory[-1] - lr * grad_fn(trajectory[-1]))
    return jnp.stack(trajectory)
