"""Week 4, part 2: a small convolutional network for Ising configurations, in jax.numpy.

Layout NHWC: a batch of B lattices of L x L sites with C channels is an array (B, L, L, C).
The Ising model lives on a torus (periodic boundaries), so the convolution wraps around
the edges: the lattice has no border, and translating the spins translates the feature
maps (translation equivariance).  Averaging the feature maps over the lattice then gives
features that do not depend on where a pattern sits (translation invariance), which is what
a phase classifier needs (Carrasquilla & Melko, Nature Physics 13, 431 (2017)).

Every function is pure and built from jax.numpy, so `jax.grad` and `jax.jit` work through
it.  Bad shapes raise ValueError with a message that says what is wrong.
"""

import jax.numpy as jnp


def conv2d_periodic(x, w, b):
    """Cross-correlation of a batch of periodic lattices with a K x K kernel (one conv layer).

    out[n, i, j, o] = b[o] + sum_{a, c, ch} x[n, (i + a - K//2) mod L, (j + c - K//2) mod L, ch]
                                            * w[a, c, ch, o]

    with a, c = 0 ... K-1: the kernel is centred on site (i, j) (entry w[K//2, K//2] weighs
    the site itself, w[K//2 - 1, K//2] its neighbour in the row above) and it is not flipped
    (this is the "convolution" of deep learning, a cross-correlation).  Indices wrap around
    (periodic boundaries): there is no padding with zeros.

    Args:
        x: (B, L, L, Cin) batch of lattices with Cin channels (numbers, e.g. spins +-1).
        w: (K, K, Cin, Cout) kernel, K odd (K = 1, 3, 5, ...).
        b: (Cout,) bias, one per output channel.

    Returns:
        The feature maps, an array (B, L, L, Cout).

    Raises:
        ValueError: if x or w is not 4-dimensional, the kernel is not square, K is even,
            the input channels of x and w differ, or b is not of shape (Cout,).
    """
    x, w, b = jnp.asarray(x), jnp.asarray(w), jnp.asarray(b)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (B, L, L, Cin), got shape {x.shape}")
    if w.ndim != 4:
        raise ValueError(f"w must have shape (K, K, Cin, Cout), got shape {w.shape}")
    K, K2, c_in, c_out = w.shape
    if K != K2:
        raise ValueError(f"the kernel must be square, got {K} x {K2}")
    if K % 2 == 0:
        raise ValueError(f"the kernel size must be odd so that it has a centre, got K = {K}")
    if x.shape[3] != c_in:
        raise ValueError(f"x has {x.shape[3]} channels but the kernel expects Cin = {c_in}")
    if b.shape != (c_out,):
        raise ValueError(f"b must have shape (Cout,) = ({c_out},), got shape {b.shape}")
    out = jnp.zeros(x.shape[:3] + (c_out,), dtype=jnp.result_type(x, w, b))
    for a in range(K):
        for c in range(K):
            # shifted[n, i, j] = x[n, i + a - K//2, j + c - K//2] (jnp.roll wraps around).
            shifted = jnp.roll(x, shift=(K // 2 - a, K // 2 - c), axis=(1, 2))
            out = out + jnp.einsum("nijc,co->nijo", shifted, w[a, c])
    return out + b


def max_pool2d(x, k):
    """Largest value in each non-overlapping k x k window, for every sample and channel.

    out[n, I, J, ch] = max over 0 <= a, c < k of x[n, k I + a, k J + c, ch].

    Args:
        x: (B, L, L, C) feature maps.
        k: window size, a positive integer that divides L.

    Returns:
        The pooled feature maps, an array (B, L // k, L // k, C).

    Raises:
        ValueError: if x is not 4-dimensional, k < 1, or k does not divide L.
    """
    x = jnp.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (B, L, L, C), got shape {x.shape}")
    if k < 1:
        raise ValueError(f"the pool size must be a positive integer, got k = {k}")
    B, H, W, C = x.shape
    if H % k or W % k:
        raise ValueError(f"the pool size k = {k} must divide the lattice size {H} x {W}")
    return x.reshape(B, H // k, k, W // k, k, C).max(axis=(2, 4))


def avg_pool2d(x, k):
    """Mean of each non-overlapping k x k window, for every sample and channel.

    out[n, I, J, ch] = (1 / k^2) sum over 0 <= a, c < k of x[n, k I + a, k J + c, ch].

    Args:
        x: (B, L, L, C) feature maps.
        k: window size, a positive integer that divides L.

    Returns:
        The pooled feature maps, an array (B, L // k, L // k, C).

    Raises:
        ValueError: if x is not 4-dimensional, k < 1, or k does not divide L.
    """
    x = jnp.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (B, L, L, C), got shape {x.shape}")
    if k < 1:
        raise ValueError(f"the pool size must be a positive integer, got k = {k}")
    B, H, W, C = x.shape
    if H % k or W % k:
        raise ValueError(f"the pool size k = {k} must divide the lattice size {H} x {W}")
    return x.reshape(B, H // k, k, W // k, k, C).mean(axis=(2, 4))


def global_avg_pool(x):
    """Mean of each feature map over all lattice sites: (B, L, L, C) -> (B, C).

    out[n, ch] = (1 / L^2) sum_{i, j} x[n, i, j, ch].  The result does not change when the
    lattice is translated, which makes the features translation invariant.

    Args:
        x: (B, L, L, C) feature maps.

    Returns:
        The mean of every channel, an array (B, C).

    Raises:
        ValueError: if x is not 4-dimensional.
    """
    x = jnp.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (B, L, L, C), got shape {x.shape}")
    return x.mean(axis=(1, 2))


def cnn_forward(params, spins):
    """Logits of the phase classifier: conv2d_periodic -> tanh -> global_avg_pool -> dense.

    h = tanh(conv2d_periodic(spins[..., None], conv_w, conv_b))   (B, L, L, C)
    g = global_avg_pool(h)                                         (B, C)
    logits = g @ dense_w + dense_b                                 (B, n_classes)

    Args:
        params: dict with `conv_w` (K, K, 1, C), `conv_b` (C,), `dense_w` (C, n_classes)
            and `dense_b` (n_classes,).
        spins: (B, L, L) batch of spin configurations (+-1, integers or floats).

    Returns:
        The logits, an array (B, n_classes).  They do not change when the spins are
        translated on the torus.

    Raises:
        ValueError: if spins is not 3-D (B, L, L) or the parameter shapes do not fit.
    """
    spins = jnp.asarray(spins)
    if spins.ndim != 3:
        raise ValueError(f"spins must have shape (B, L, L), got shape {spins.shape}")
    x = spins[..., None].astype(jnp.result_type(float))
    h = jnp.tanh(conv2d_periodic(x, params["conv_w"], params["conv_b"]))
    g = global_avg_pool(h)
    dense_w, dense_b = jnp.asarray(params["dense_w"]), jnp.asarray(params["dense_b"])
    if dense_w.ndim != 2 or dense_w.shape[0] != g.shape[1] or dense_b.shape != dense_w.shape[1:]:
        raise ValueError(f"dense_w must be (C, n_classes) = ({g.shape[1]}, n_classes) and dense_b "
                         f"(n_classes,), got {dense_w.shape} and {dense_b.shape}")
    return g @ dense_w + dense_b
