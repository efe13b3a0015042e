"""Müller-Brown without the shape check: a (..., 3) array silently uses its first two columns."""

EXPECT_FAILING = ["muller_brown"]


def muller_brown(xy):
    xy = jnp.asarray(xy, dtype=float)
    p = {key: jnp.asarray(value) for key, value in MULLER_BROWN_PARAMS.items()}
    dx = xy[..., 0:1] - p["x0"]
    dy = xy[..., 1:2] - p["y0"]
    return jnp.sum(p["A"] * jnp.exp(p["a"] * dx**2 + p["b"] * dx * dy + p["c"] * dy**2), axis=-1)
