"""jax.lax.scan over one key per step, each split into a move key and an acceptance key."""

EXPECT_FAILING = []


def metropolis_sample(log_psi, params, x0, n_steps, step_size, key):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 2:
        raise ValueError(f"x0 must be (W, d), got {x0.shape}")
    if n_steps < 1 or step_size <= 0:
        raise ValueError(f"need n_steps >= 1 and step_size > 0, got {n_steps}, {step_size}")
    batched = jax.vmap(log_psi, in_axes=(None, 0))

    def step(carry, step_key):
        x, lp = carry
        k_move, k_accept = jax.random.split(step_key)
        proposal = x + step_size * jax.random.normal(k_move, x.shape)
        lp_new = batched(params, proposal)
        accept = jnp.log(jax.random.uniform(k_accept, lp.shape)) < 2 * (lp_new - lp)
        x = jnp.where(accept[:, None], proposal, x)
        return (x, jnp.where(accept, lp_new, lp)), (x, accept)

    _, (samples, accepted) = jax.lax.scan(step, (x0, batched(params, x0)), jax.random.split(key, n_steps))
    return samples, jnp.sum(accepted) / accepted.size
