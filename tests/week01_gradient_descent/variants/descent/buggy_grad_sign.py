"""The force instead of the gradient: -dV/dx, -dV/dy (a sign error)."""

EXPECT_FAILING = ["muller_brown_grad"]


def muller_brown_grad(xy):
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    p = {key: jnp.asarray(value) for key, value in MULLER_BROWN_PARAMS.items()}
    dx = xy[..., 0:1] - p["x0"]
    dy = xy[..., 1:2] - p["y0"]
    terms = p["A"] * jnp.exp(p["a"] * dx**2 + p["b"] * dx * dy + p["c"] * dy**2)
    dv_dx = jnp.sum(terms * (-(2 * p["a"] * dx + p["b"] * dy)), axis=-1)
    dv_dy = jnp.sum(terms * (-(p["b"] * dx + 2 * p["c"] * dy)), axis=-1)
    return jnp.stack([dv_dx, dv_dy], axis=-1)
