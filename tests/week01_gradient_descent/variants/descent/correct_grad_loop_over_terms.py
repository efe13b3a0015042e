"""Hand-derived gradient as a Python loop over the four terms."""

EXPECT_FAILING = []


def muller_brown_grad(xy):
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    x, y = xy[..., 0], xy[..., 1]
    dv_dx, dv_dy = jnp.zeros(x.shape), jnp.zeros(x.shape)
    for A, a, b, c, x0, y0 in zip(*(MULLER_BROWN_PARAMS[key] for key in ("A", "a", "b", "c", "x0", "y0"))):
        dx, dy = x - x0, y - y0
        term = A * jnp.exp(a * dx**2 + b * dx * dy + c * dy**2)
        dv_dx = dv_dx + term * (2 * a * dx + b * dy)
        dv_dy = dv_dy + term * (b * dx + 2 * c * dy)
    return jnp.stack([dv_dx, dv_dy], axis=-1)
