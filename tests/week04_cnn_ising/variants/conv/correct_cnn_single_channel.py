"""The CNN on the spin lattice itself: the single input channel is squeezed, the layer is a sum of rolls.

h[n, i, j, :] = tanh(conv_b + sum_{a, c} s[n, i + a - K//2, j + c - K//2] conv_w[a, c, 0, :]).
"""

EXPECT_FAILING = []


def cnn_forward(params, spins):
    spins = jnp.asarray(spins)
    if spins.ndim != 3:
        raise ValueError(f"spins must have shape (B, L, L), got {spins.shape}")
    w = jnp.asarray(params["conv_w"])
    K = w.shape[0]
    pre = jnp.asarray(params["conv_b"], dtype=float)
    for a in range(K):
        for c in range(K):
            shifted = jnp.roll(spins, shift=(K // 2 - a, K // 2 - c), axis=(1, 2))
            pre = pre + shifted[..., None] * w[a, c, 0]
    features = jnp.tanh(pre).mean(axis=(1, 2))
    return features @ params["dense_w"] + params["dense_b"]
