"""Müller-Brown with each exponent as the quadratic form d^T M_k d, M_k = [[a, b/2], [b/2, c]]."""

EXPECT_FAILING = []


def muller_brown(xy):
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    p = {key: jnp.asarray(value) for key, value in MULLER_BROWN_PARAMS.items()}
    m = jnp.stack([jnp.stack([p["a"], p["b"] / 2], -1), jnp.stack([p["b"] / 2, p["c"]], -1)], -2)  # (4, 2, 2)
    d = xy[..., None, :] - jnp.stack([p["x0"], p["y0"]], -1)  # (..., 4, 2)
    return jnp.sum(p["A"] * jnp.exp(jnp.einsum("...ki,kij,...kj->...k", d, m, d)), axis=-1)
