"""Heavy ball in the form of SPEC's note: u = beta u + g, x = x - lr u (u = -v / lr)."""

EXPECT_FAILING = []


def momentum_descent(grad_fn, x0, lr, beta, n_steps):
    x = jnp.asarray(x0, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x.shape}")
    if lr <= 0 or not 0 <= beta < 1 or n_steps < 0:
        raise ValueError(f"need lr > 0, 0 <= beta < 1, n_steps >= 0; got {lr}, {beta}, {n_steps}")
    u = jnp.zeros_like(x)
    trajectory = [x]
    for _ in range(n_steps):
        u = beta * u + grad_fn(x)
        x = x - lr * u
        trajectory.append(x)
    return jnp.stack(trajectory)
