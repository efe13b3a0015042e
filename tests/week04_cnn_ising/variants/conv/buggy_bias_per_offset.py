"""The bias is added inside the loop over kernel offsets, so it is counted K*K times."""

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
            shifted = jnp.roll(x, shift=(K // 2 - a, K // 2 - c), axis=(1, 2))
            out = out + jnp.einsum("nijc,co->nijo", shifted, w[a, c]) + b
    return out
