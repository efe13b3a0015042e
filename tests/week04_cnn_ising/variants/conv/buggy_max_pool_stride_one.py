"""Max pooling with overlapping windows: lax.reduce_window with stride 1 instead of stride k."""

import jax

EXPECT_FAILING = ["pooling"]


def max_pool2d(x, k):
    x = jnp.asarray(x)
    if x.ndim != 4 or k < 1 or x.shape[1] % k or x.shape[2] % k:
        raise ValueError(f"cannot pool x of shape {x.shape} with k = {k}")
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, k, k, 1), (1, 1, 1, 1), "VALID")
