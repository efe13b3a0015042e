"""The squared errors are summed over the batch instead of averaged: the loss grows with B."""

EXPECT_FAILING = ["hnn_loss"]


def hnn_loss(H_fn, params, q, p, dq_dt, dp_dt):
    q, p, dq_dt, dp_dt = (jnp.asarray(a, dtype=float) for a in (q, p, dq_dt, dp_dt))
    if q.ndim != 2 or not p.shape == dq_dt.shape == dp_dt.shape == q.shape:
        raise ValueError(f"shapes {q.shape}, {p.shape}, {dq_dt.shape}, {dp_dt.shape} differ")
    dq_pred, dp_pred = jax.vmap(lambda a, b: hamiltonian_vector_field(
        lambda x, y: H_fn(params, x, y), a, b))(q, p)
    return jnp.sum((dq_pred - dq_dt) ** 2) + jnp.sum((dp_pred - dp_dt) ** 2)
