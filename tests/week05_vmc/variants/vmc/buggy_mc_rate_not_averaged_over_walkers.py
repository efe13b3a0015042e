"""Acceptance rate = accepted moves per step (summed over the walkers, divided by n_steps only)."""

EXPECT_FAILING = ["metropolis_sample"]


def metropolis_sample(log_psi, params, x0, n_steps, step_size, key):
    x = jnp.asarray(x0, dtype=float)
    if x.ndim != 2 or n_steps < 1 or step_size <= 0:
        raise ValueError(f"bad arguments: x0 {x.shape}, n_steps {n_steps}, step_size {step_size}")
    batched = jax.vmap(log_psi, in_axes=(None, 0))
    lp = batched(params, x)
    samples, n_accepted = [], 0
    for step_key in jax.random.split(key, n_steps):
        k1, k2 = jax.random.split(step_key)
        proposal = x + step_size * jax.random.normal(k1, x.shape)
        lp_new = batched(params, proposal)
        accept = jax.random.uniform(k2, lp.shape) < jnp.exp(2 * (lp_new - lp))
        x = jnp.where(accept[:, None], proposal, x)
        lp = jnp.where(accept, lp_new, lp)
        samples.append(x)
        n_accepted += int(accept.sum())
    return jnp.stack(samples), n_accepted / n_steps
