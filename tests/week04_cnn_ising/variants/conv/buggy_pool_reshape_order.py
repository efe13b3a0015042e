"""Windows cut by reshaping to (B, L/k, L/k, k, k, C): the blocks are runs of k*k consecutive sites, not k x k squares.

Uniform maps still pool correctly; anything else is pooled over the wrong sites.
"""

EXPECT_FAILING = ["pooling"]


def max_pool2d(x, k):
    x = jnp.asarray(x)
    if x.ndim != 4 or k < 1 or x.shape[1] % k or x.shape[2] % k:
        raise ValueError(f"cannot pool x of shape {x.shape} with k = {k}")
    B, H, W, C = x.shape
    return x.reshape(B, H // k, W // k, k, k, C).max(axis=(3, 4))


def avg_pool2d(x, k):
    x = jnp.asarray(x)
    if x.ndim != 4 or k < 1 or x.shape[1] % k or x.shape[2] % k:
        raise ValueError(f"cannot pool x of shape {x.shape} with k = {k}")
    B, H, W, C = x.shape
    return x.reshape(B, H // k, W // k, k, k, C).mean(axis=(3, 4))
