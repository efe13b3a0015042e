"""Momentum that damps the position instead of the velocity: x = beta x + v, v = -lr g."""

EXPECT_FAILING = ["momentum_descent"]


def momentum_descent(grad_fn, x0, lr, beta, n_steps):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if lr <= 0 or not 0 <= beta < 1 or n_steps < 0:
        raise ValueError(f"need lr > 0, 0 <= beta < 1, n_steps >= 0; got {lr}, {beta}, {n_steps}")
    x, v = x0, jnp.zeros_like(x0)
    trajectory = [x0]
    for _ in range(n_steps):
        v = -lr * grad_fn(x)
        x = beta * x + v
        trajectory.append(x)
    return jnp.stack(trajectory)
