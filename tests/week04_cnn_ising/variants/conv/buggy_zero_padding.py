"""Zero padding ('SAME' padding of deep learning) instead of wrapping around the torus.

Correct in the bulk, wrong on the edges: sites there miss the neighbours across the boundary.
"""

EXPECT_FAILING = ["conv2d_periodic", "cnn_forward"]


def conv2d_periodic(x, w, b):
    x, w, b = jnp.asarray(x), jnp.asarray(w), jnp.asarray(b)
    if x.ndim != 4 or w.ndim != 4 or w.shape[0] != w.shape[1] or w.shape[0] % 2 == 0 \
            or x.shape[3] != w.shape[2] or b.shape != (w.shape[3],):
        raise ValueError(f"bad shapes x {x.shape}, w {w.shape}, b {b.shape}")
    K, L = w.shape[0], x.shape[1]
    p = K // 2
    padded = jnp.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))  # zeros, not mode="wrap"
    out = 0.0
    for a in range(K):
        for c in range(K):
            out = out + jnp.einsum("nijc,co->nijo", padded[:, a:a + L, c:c + L, :], w[a, c])
    return out + b
