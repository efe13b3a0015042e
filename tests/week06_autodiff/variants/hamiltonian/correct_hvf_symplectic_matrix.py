"""The gradient with respect to the phase-space point z = (q, p), rotated by J = [[0, I], [-I, 0]]."""

EXPECT_FAILING = []


def hamiltonian_vector_field(H, q, p):
    q, p = jnp.asarray(q, dtype=float), jnp.asarray(p, dtype=float)
    if q.shape != p.shape:
        raise ValueError(f"shape mismatch: q {q.shape}, p {p.shape}")
    n = q.size
    z = jnp.concatenate([q.ravel(), p.ravel()])
    grad_z = jax.grad(lambda x: H(x[:n].reshape(q.shape), x[n:].reshape(p.shape)))(z)
    J = jnp.block([[jnp.zeros((n, n)), jnp.eye(n)], [-jnp.eye(n), jnp.zeros((n, n))]])
    flow = J @ grad_z
    return flow[:n].reshape(q.shape), flow[n:].reshape(p.shape)
