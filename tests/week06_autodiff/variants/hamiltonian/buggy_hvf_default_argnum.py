"""jax.grad(H) without argnums differentiates with respect to q only: both "derivatives" are dH/dq."""

EXPECT_FAILING = ["hamiltonian_vector_field", "hnn_loss"]


def hamiltonian_vector_field(H, q, p):
    q = jnp.asarray(q, dtype=float)
    p = jnp.asarray(p, dtype=float)
    if q.shape != p.shape:
        raise ValueError(f"q and p must have the same shape, got {q.shape} and {p.shape}")
    dH_dp = jax.grad(H)(q, p)
    dH_dq = jax.grad(H)(q, p)
    return dH_dp, -dH_dq
