"""The CNN averages the feature maps before the nonlinearity: tanh(mean(conv)) instead of mean(tanh(conv)).

Still translation invariant and trainable; only the composition itself is wrong.
"""

EXPECT_FAILING = ["cnn_forward"]


def cnn_forward(params, spins):
    spins = jnp.asarray(spins)
    if spins.ndim != 3:
        raise ValueError(f"spins must have shape (B, L, L), got {spins.shape}")
    h = conv2d_periodic(spins[..., None].astype(float), params["conv_w"], params["conv_b"])
    return jnp.tanh(global_avg_pool(h)) @ params["dense_w"] + params["dense_b"]
