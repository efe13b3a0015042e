"""Müller-Brown that indexes xy[0], xy[1]: right for one point (2,), wrong for a batch (N, 2)."""

EXPECT_FAILING = ["muller_brown"]


def muller_brown(xy):
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    x, y = xy[0], xy[1]
    total = 0.0
    for A, a, b, c, x0, y0 in zip(*MULLER_BROWN_PARAMS.values()):
        total = total + A * jnp.exp(a * (x - x0) ** 2 + b * (x - x0) * (y - y0) + c * (y - y0) ** 2)
    return total
