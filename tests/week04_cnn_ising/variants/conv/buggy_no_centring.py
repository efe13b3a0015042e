"""The kernel is not centred: reads x[i + a, j + c] (forgot the - K//2), so the output is shifted.

Still translation equivariant, but w[K//2, K//2] no longer weighs the site itself.  The CNN
cannot see it: shifting every feature map changes nothing after the global average.
"""

EXPECT_FAILING = ["conv2d_periodic"]


def conv2d_periodic(x, w, b):
    x, w, b = jnp.asarray(x), jnp.asarray(w), jnp.asarray(b)
    if x.ndim != 4 or w.ndim != 4 or w.shape[0] != w.shape[1] or w.shape[0] % 2 == 0 \
            or x.shape[3] != w.shape[2] or b.shape != (w.shape[3],):
        raise ValueError(f"bad shapes x {x.shape}, w {w.shape}, b {b.shape}")
    K = w.shape[0]
    out = 0.0
    for a in range(K):
        for c in range(K):
            shifted = jnp.roll(x, shift=(-a, -c), axis=(1, 2))
            out = out + jnp.einsum("nijc,co->nijo", shifted, w[a, c])
    return out + b
