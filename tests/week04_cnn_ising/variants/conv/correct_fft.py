"""Periodic cross-correlation by FFT: the kernel is laid out on the torus and multiplied in Fourier space.

g[(K//2 - a) mod L, (K//2 - c) mod L] = w[a, c] makes the circular convolution x * g equal to
the cross-correlation of the SPEC; the FFT diagonalises circular convolutions.
"""

EXPECT_FAILING = []


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
    rows = (K // 2 - jnp.arange(K)) % H
    cols = (K // 2 - jnp.arange(K)) % W
    g = jnp.zeros((H, W, c_in, c_out), dtype=w.dtype).at[rows[:, None], cols[None, :]].add(w)
    spectrum = jnp.einsum("nijc,ijco->nijo", jnp.fft.fft2(x, axes=(1, 2)), jnp.fft.fft2(g, axes=(0, 1)))
    return jnp.real(jnp.fft.ifft2(spectrum, axes=(1, 2))) + b
