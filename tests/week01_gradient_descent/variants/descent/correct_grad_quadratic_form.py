"""Hand-derived gradient in matrix form: grad of A exp(d^T M d) is A exp(d^T M d) 2 M d (M symmetric)."""

EXPECT_FAILING = []


def muller_brown_grad(xy):
    xy = jnp.asarray(xy, dtype=float)
    if xy.ndim == 0 or xy.shape[-1] != 2:
        raise ValueError(f"xy must have shape (..., 2), got shape {xy.shape}")
    p = {key: jnp.asarray(value) for key, value in MULLER_BROWN_PARAMS.items()}
    m = jnp.stack([jnp.stack([p["a"], p["b"] / 2], -1), jnp.stack([p["b"] / 2, p["c"]], -1)], -2)  # (4, 2, 2)
    d = xy[..., None, :] - jnp.stack([p["x0"], p["y0"]], -1)  # (..., 4, 2)
    m_d = jnp.einsum("kij,...kj->...ki", m, d)
    terms = p["A"] * jnp.exp(jnp.sum(d * m_d, axis=-1))  # (..., 4)
    return jnp.sum(terms[..., None] * 2 * m_d, axis=-2)
