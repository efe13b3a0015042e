"""The dense layer forgets its bias: logits = g @ dense_w."""

EXPECT_FAILING = ["cnn_forward"]


def cnn_forward(params, spins):
    spins = jnp.asarray(spins)
    if spins.ndim != 3:
        raise ValueError(f"spins must have shape (B, L, L), got {spins.shape}")
    h = jnp.tanh(conv2d_periodic(spins[..., None].astype(float), params["conv_w"], params["conv_b"]))
    return global_avg_pool(h) @ params["dense_w"]
