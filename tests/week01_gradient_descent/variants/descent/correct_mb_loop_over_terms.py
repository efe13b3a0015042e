"""Müller-Brown as a Python loop over the four terms, with x = xy[..., 0], y = xy[..., 1]."""

EXPECT_FAILING = []


def muller_brown(xy):
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    x, y = xy[..., 0], xy[..., 1]
    total = jnp.zeros(xy.shape[:-1])
    for A, a, b, c, x0, y0 in zip(*(MULLER_BROWN_PARAMS[key] for key in ("A", "a", "b", "c", "x0", "y0"))):
        dx, dy = x - x0, y - y0
        total = total + A * jnp.exp(a * dx**2 + b * dx * dy + c * dy**2)
    return total
