"""Explicit (forward) Euler: q += dt p / m and p -= dt grad_V(q), both from the old state; not symplectic, energy grows."""

EXPECT_FAILING = ["leapfrog"]


def leapfrog(grad_V, q0, p0, dt, n_steps, mass=1.0):
    q = jnp.asarray(q0, dtype=float)
    p = jnp.asarray(p0, dtype=float)
    if q.ndim != 1 or p.shape != q.shape:
        raise ValueError(f"q0 and p0 must both have shape (d,), got {q.shape} and {p.shape}")
    if dt <= 0 or n_steps < 0 or mass <= 0:
        raise ValueError(f"need dt > 0, n_steps >= 0, mass > 0, got {dt}, {n_steps}, {mass}")
    qs, ps = [q], [p]
    for _ in range(n_steps):
        q, p = q + dt * p / mass, p - dt * grad_V(q)
        qs.append(q)
        ps.append(p)
    return jnp.stack(qs), jnp.stack(ps)
