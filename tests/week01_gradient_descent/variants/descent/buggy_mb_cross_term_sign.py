"""Müller-Brown with the cross term's sign flipped: exp(a dx^2 - b dx dy + c dy^2)."""

EXPECT_FAILING = ["muller_brown"]


def muller_brown(xy):
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    p = {key: jnp.asarray(value) for key, value in MULLER_BROWN_PARAMS.items()}
    dx = xy[..., 0:1] - p["x0"]
    dy = xy[..., 1:2] - p["y0"]
    return jnp.sum(p["A"] * jnp.exp(p["a"] * dx**2 - p["b"] * dx * dy + p["c"] * dy**2), axis=-1)
