"""The minus sign of dp/dt = -dH/dq is missing: (dH/dp, +dH/dq) pushes the oscillator away from its centre."""

EXPECT_FAILING = ["hamiltonian_vector_field", "hnn_loss"]


def hamiltonian_vector_field(H, q, p):
    q = jnp.asarray(q, dtype=float)
    p = jnp.asarray(p, dtype=float)
    if q.shape != p.shape:
        raise ValueError(f"q and p must have the same shape, got {q.shape} and {p.shape}")
    gradient_q, gradient_p = jax.grad(H, argnums=(0, 1))(q, p)
    return gradient_p, gradient_q
