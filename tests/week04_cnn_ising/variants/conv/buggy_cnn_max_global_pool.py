"""The CNN pools the feature maps by their maximum over the lattice instead of their mean.

Max pooling is translation invariant too, so only the comparison with the composition catches it.
"""

EXPECT_FAILING = ["cnn_forward"]


def cnn_forward(params, spins):
    spins = jnp.asarray(spins)
    if spins.ndim != 3:
        raise ValueError(f"spins must have shape (B, L, L), got {spins.shape}")
    h = jnp.tanh(conv2d_periodic(spins[..., None].astype(float), params["conv_w"], params["conv_b"]))
    return h.max(axis=(1, 2)) @ params["dense_w"] + params["dense_b"]
