"""Average pooling divides the window sum by k instead of by the k*k sites of the window."""

EXPECT_FAILING = ["pooling"]


def avg_pool2d(x, k):
    x = jnp.asarray(x)
    if x.ndim != 4 or k < 1 or x.shape[1] % k or x.shape[2] % k:
        raise ValueError(f"cannot pool x of shape {x.shape} with k = {k}")
    B, H, W, C = x.shape
    return x.reshape(B, H // k, k, W // k, k, C).sum(axis=(2, 4)) / k
