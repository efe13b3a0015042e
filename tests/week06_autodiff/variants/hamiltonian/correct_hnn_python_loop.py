"""A Python loop over the samples, each calling hamiltonian_vector_field, then the average."""

EXPECT_FAILING = []


def hnn_loss(H_fn, params, q, p, dq_dt, dp_dt):
    q, p, dq_dt, dp_dt = (jnp.asarray(a, dtype=float) for a in (q, p, dq_dt, dp_dt))
    if q.ndim != 2 or any(a.shape != q.shape for a in (p, dq_dt, dp_dt)):
        raise ValueError(f"need four (B, d) arrays of one shape, got {[a.shape for a in (q, p, dq_dt, dp_dt)]}")
    total = 0.0
    for b in range(q.shape[0]):
        f_q, f_p = hamiltonian_vector_field(lambda x, y: H_fn(params, x, y), q[b], p[b])
        total = total + jnp.sum((f_q - dq_dt[b]) ** 2) + jnp.sum((f_p - dp_dt[b]) ** 2)
    return total / q.shape[0]
