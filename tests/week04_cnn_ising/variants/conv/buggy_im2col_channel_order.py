"""im2col whose patches are flattened channel-major (ch, a, c) while the kernel is flattened (a, c, ch).

Right for one input channel (so the CNN, whose input is the single spin channel, is unaffected),
wrong as soon as Cin > 1: kernel entries meet the wrong channel at the wrong offset.
"""

EXPECT_FAILING = ["conv2d_periodic"]


def conv2d_periodic(x, w, b):
    x, w, b = jnp.asarray(x), jnp.asarray(w), jnp.asarray(b)
    if x.ndim != 4 or w.ndim != 4 or w.shape[0] != w.shape[1] or w.shape[0] % 2 == 0 \
            or x.shape[3] != w.shape[2] or b.shape != (w.shape[3],):
        raise ValueError(f"bad shapes x {x.shape}, w {w.shape}, b {b.shape}")
    K, c_in, c_out = w.shape[0], w.shape[2], w.shape[3]
    shifted = [jnp.roll(x, shift=(K // 2 - a, K // 2 - c), axis=(1, 2)) for a in range(K) for c in range(K)]
    patches = jnp.stack(shifted, axis=-1)  # (B, L, L, Cin, K*K): channel-major
    patches = patches.reshape(x.shape[:3] + (c_in * K * K,))
    return patches @ w.reshape(K * K * c_in, c_out) + b
