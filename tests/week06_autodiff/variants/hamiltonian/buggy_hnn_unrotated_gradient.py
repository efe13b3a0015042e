"""Compares grad H = (dH/dq, dH/dp) itself with (dq_dt, dp_dt), forgetting the symplectic rotation."""

EXPECT_FAILING = ["hnn_loss"]


def hnn_loss(H_fn, params, q, p, dq_dt, dp_dt):
    q, p, dq_dt, dp_dt = (jnp.asarray(a, dtype=float) for a in (q, p, dq_dt, dp_dt))
    if q.ndim != 2 or not p.shape == dq_dt.shape == dp_dt.shape == q.shape:
        raise ValueError(f"shapes {q.shape}, {p.shape}, {dq_dt.shape}, {dp_dt.shape} differ")
    grad_q, grad_p = jax.vmap(jax.grad(lambda x, y: H_fn(params, x, y), argnums=(0, 1)))(q, p)
    return jnp.mean(jnp.sum((grad_q - dq_dt) ** 2, axis=1) + jnp.sum((grad_p - dp_dt) ** 2, axis=1))
