"""Kick-drift-kick as a compiled loop with jax.lax.scan, the initial state prepended."""

EXPECT_FAILING = []


def leapfrog(grad_V, q0, p0, dt, n_steps, mass=1.0):
    q0, p0 = jnp.asarray(q0, dtype=float), jnp.asarray(p0, dtype=float)
    if q0.ndim != 1 or q0.shape != p0.shape:
        raise ValueError(f"q0 {q0.shape} and p0 {p0.shape} must be vectors of the same length")
    if not (dt > 0 and mass > 0 and n_steps >= 0):
        raise ValueError(f"bad dt = {dt}, mass = {mass} or n_steps = {n_steps}")

    def step(state, _):
        q, p = state
        p_half = p - dt / 2 * grad_V(q)
        q_new = q + dt / mass * p_half
        p_new = p_half - dt / 2 * grad_V(q_new)
        return (q_new, p_new), (q_new, p_new)

    _, (qs, ps) = jax.lax.scan(step, (q0, p0), length=n_steps)
    return jnp.concatenate([q0[None], qs]), jnp.concatenate([p0[None], ps])
