"""Two separate gradients, jax.grad(H, 1) and jax.grad(H, 0), instead of one over the tuple."""

EXPECT_FAILING = []


def hamiltonian_vector_field(H, q, p):
    q, p = jnp.asarray(q, dtype=float), jnp.asarray(p, dtype=float)
    if q.shape != p.shape:
        raise ValueError(f"shape mismatch: q {q.shape}, p {p.shape}")
    return jax.grad(H, 1)(q, p), -jax.grad(H, 0)(q, p)
