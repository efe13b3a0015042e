"""The centre offset is hard-coded for a 3x3 kernel: reads x[i + a - 1] whatever K is.

Right for K = 3 (so the CNN tests, with 3x3 kernels, pass); a 5x5 kernel is off-centre by one site.
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
            shifted = jnp.roll(x, shift=(1 - a, 1 - c), axis=(1, 2))
            out = out + jnp.einsum("nijc,co->nijo", shifted, w[a, c])
    return out + b
