"""Global pooling written for NCHW: x.reshape(B, C, L*L).mean(-1) mixes sites and channels of NHWC data."""

EXPECT_FAILING = ["pooling", "cnn_forward"]


def global_avg_pool(x):
    x = jnp.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (B, L, L, C), got {x.shape}")
    B, H, W, C = x.shape
    return x.reshape(B, C, H * W).mean(axis=-1)
