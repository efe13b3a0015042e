"""True convolution instead of cross-correlation: reads x[i - a + K//2] (the kernel is flipped).

The offset K//2 - a is taken in the wrong direction; a centred delta kernel still looks right.
"""

EXPECT_FAILING = ["conv2d_periodic", "cnn_forward"]


def conv2d_periodic(x, w, b):
    x, w, b = jnp.asarray(x), jnp.asarray(w), jnp.asarray(b)
    if x.ndim != 4 or w.ndim != 4 or w.shape[0] != w.shape[1] or w.shape[0] % 2 == 0 \
            or x.shape[3] != w.shape[2] or b.shape != (w.shape[3],):
        raise ValueError(f"bad shapes x {x.shape}, w {w.shape}, b {b.shape}")
    K = w.shape[0]
    out = 0.0
    for a in range(K):
        for c in range(K):
            shifted = jnp.roll(x, shift=(a - K // 2, c - K // 2), axis=(1, 2))
            out = out + jnp.einsum("nijc,co->nijo", shifted, w[a, c])
    return out + b
