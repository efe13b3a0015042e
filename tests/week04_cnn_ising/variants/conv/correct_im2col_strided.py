"""im2col by gathering periodic indices, pooling by strided slices, and a CNN written out in full.

patches[n, i, a, j, c, ch] = x[n, (i + a - K//2) mod L, (j + c - K//2) mod L, ch] is contracted
with w[a, c, ch, o]; window (I, J) of the pooling is the set of slices x[:, a::k, c::k].
"""

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
    _, H, W, _ = x.shape
    rows = (jnp.arange(H)[:, None] + jnp.arange(K)[None, :] - K // 2) % H  # (L, K)
    cols = (jnp.arange(W)[:, None] + jnp.arange(K)[None, :] - K // 2) % W
    patches = x[:, rows[:, :, None, None], cols[None, None, :, :], :]  # (B, L, K, L, K, Cin)
    return jnp.einsum("niajcd,acdo->nijo", patches, w) + b


def _window_slices(x, k):
    x = jnp.asarray(x)
    if x.ndim != 4 or k < 1 or x.shape[1] % k or x.shape[2] % k:
        raise ValueError(f"cannot pool x of shape {x.shape} with k = {k}")
    return [x[:, a::k, c::k, :] for a in range(k) for c in range(k)]


def max_pool2d(x, k):
    slices = _window_slices(x, k)
    out = slices[0]
    for s in slices[1:]:
        out = jnp.maximum(out, s)
    return out


def avg_pool2d(x, k):
    return sum(_window_slices(x, k)) / (k * k)


def global_avg_pool(x):
    x = jnp.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (B, L, L, C), got {x.shape}")
    return x.sum(axis=(1, 2)) / (x.shape[1] * x.shape[2])


def cnn_forward(params, spins):
    spins = jnp.asarray(spins, dtype=float)
    if spins.ndim != 3:
        raise ValueError(f"spins must have shape (B, L, L), got {spins.shape}")
    features = global_avg_pool(jnp.tanh(conv2d_periodic(spins[:, :, :, None], params["conv_w"], params["conv_b"])))
    return jnp.einsum("nc,ck->nk", features, params["dense_w"]) + params["dense_b"]
