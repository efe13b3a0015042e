"""jax.lax throughout: conv_general_dilated on a wrap-padded lattice, pooling by lax.reduce_window."""

import jax

EXPECT_FAILING = []
COVERS = ["pooling"]  # max_pool2d, avg_pool2d and global_avg_pool


def conv2d_periodic(x, w, b):
    x, w, b = jnp.asarray(x), jnp.asarray(w), jnp.asarray(b)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(f"x and w must be 4-dimensional, got {x.shape} and {w.shape}")
    K, K2, c_in, c_out = w.shape
    if K != K2 or K % 2 == 0:
        raise ValueError(f"the kernel must be square with an odd size, got {K} x {K2}")
    if x.shape[3] != c_in or b.shape != (c_out,):
        raise ValueError(f"channels do not match: x {x.shape}, w {w.shape}, b {b.shape}")
    dtype = jnp.result_type(x, w)
    p = K // 2
    padded = jnp.pad(x.astype(dtype), ((0, 0), (p, p), (p, p), (0, 0)), mode="wrap")
    out = jax.lax.conv_general_dilated(padded, w.astype(dtype), (1, 1), "VALID",
                                       dimension_numbers=("NHWC", "HWIO", "NHWC"))
    return out + b


def _pool_check(x, k):
    x = jnp.asarray(x)
    if x.ndim != 4 or k < 1 or x.shape[1] % k or x.shape[2] % k:
        raise ValueError(f"cannot pool x of shape {x.shape} with k = {k}")
    return x


def max_pool2d(x, k):
    x = _pool_check(x, k)
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, k, k, 1), (1, k, k, 1), "VALID")


def avg_pool2d(x, k):
    x = _pool_check(x, k)
    return jax.lax.reduce_window(x, 0.0, jax.lax.add, (1, k, k, 1), (1, k, k, 1), "VALID") / (k * k)


def global_avg_pool(x):
    x = jnp.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (B, L, L, C), got {x.shape}")
    return jnp.mean(jnp.mean(x, axis=1), axis=1)
