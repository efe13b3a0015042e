"""Heavy ball with jax.lax.scan over the state (x, v)."""

import jax

EXPECT_FAILING = []


def momentum_descent(grad_fn, x0, lr, beta, n_steps):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if lr <= 0 or not 0 <= beta < 1 or n_steps < 0:
        raise ValueError(f"need lr > 0, 0 <= beta < 1, n_steps >= 0; got {lr}, {beta}, {n_steps}")

    def step(state, _):
        x, v = state
        v = beta * v - lr * grad_fn(x)
        return (x + v, v), x + v

    _, xs = jax.lax.scan(step, (x0, jnp.zeros_like(x0)), length=n_steps)
    return jnp.concatenate([x0[None], xs])
