"""Gradient descent with jax.lax.scan (compiled loop), row 0 prepended."""

import jax

EXPECT_FAILING = []


def gradient_descent(grad_fn, x0, lr, n_steps):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if lr <= 0 or n_steps < 0:
        raise ValueError(f"need lr > 0 and n_steps >= 0, got lr = {lr}, n_steps = {n_steps}")

    def step(x, _):
        x_next = x - lr * grad_fn(x)
        return x_next, x_next

    _, xs = jax.lax.scan(step, x0, length=n_steps)
    return jnp.concatenate([x0[None], xs])
