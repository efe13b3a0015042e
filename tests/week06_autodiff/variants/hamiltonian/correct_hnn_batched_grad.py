"""Per-sample gradients from one jax.grad of the summed Hamiltonian over the batch arrays (samples are independent)."""

EXPECT_FAILING = []


def hnn_loss(H_fn, params, q, p, dq_dt, dp_dt):
    q, p, dq_dt, dp_dt = (jnp.asarray(a, dtype=float) for a in (q, p, dq_dt, dp_dt))
    if q.ndim != 2 or any(a.shape != q.shape for a in (p, dq_dt, dp_dt)):
        raise ValueError(f"need four (B, d) arrays of one shape, got {[a.shape for a in (q, p, dq_dt, dp_dt)]}")

    def total_energy(qs, ps):
        return jnp.sum(jax.vmap(lambda x, y: H_fn(params, x, y))(qs, ps))

    dH_dq, dH_dp = jax.grad(total_energy, argnums=(0, 1))(q, p)
    residual = jnp.concatenate([dH_dp - dq_dt, -dH_dq - dp_dt], axis=1)
    return jnp.sum(residual**2) / q.shape[0]
