"""One force evaluation per step: the force at the end of a step is reused for the first half kick of the next."""

EXPECT_FAILING = []


def leapfrog(grad_V, q0, p0, dt, n_steps, mass=1.0):
    q, p = jnp.asarray(q0, dtype=float), jnp.asarray(p0, dtype=float)
    if q.ndim != 1 or q.shape != p.shape:
        raise ValueError(f"q0 {q.shape} and p0 {p.shape} must be vectors of the same length")
    if dt <= 0:
        raise ValueError(f"dt must be > 0, got {dt}")
    if mass <= 0:
        raise ValueError(f"mass must be > 0, got {mass}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    force = -grad_V(q)
    positions, momenta = [q], [p]
    for _ in range(n_steps):
        p_half = p + 0.5 * dt * force
        q = q + (dt / mass) * p_half
        force = -grad_V(q)
        p = p_half + 0.5 * dt * force
        positions.append(q)
        momenta.append(p)
    return jnp.stack(positions), jnp.stack(momenta)
