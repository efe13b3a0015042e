"""Heavy ball as Polyak's three-term recurrence x_{k+1} = x_k - lr g_k + beta (x_k - x_{k-1})."""

EXPECT_FAILING = []


def momentum_descent(grad_fn, x0, lr, beta, n_steps):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if lr <= 0 or not 0 <= beta < 1 or n_steps < 0:
        raise ValueError(f"need lr > 0, 0 <= beta < 1, n_steps >= 0; got {lr}, {beta}, {n_steps}")
    trajectory = [x0, x0]  # x_{-1} = x_0 because v_0 = 0
    for _ in range(n_steps):
        x, x_previous = trajectory[-1], trajectory[-2]
        trajectory.append(x - lr * grad_fn(x) + beta * (x - x_previous))
    return jnp.stack(trajectory[1:])
