"""A Python loop over the steps, a new key split at every step, acceptance u < min(1, ratio)."""

EXPECT_FAILING = []


def metropolis_sample(log_psi, params, x0, n_steps, step_size, key):
    x = jnp.asarray(x0, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"x0 must be (W, d), got {x.shape}")
    if n_steps < 1 or step_size <= 0:
        raise ValueError(f"need n_steps >= 1 and step_size > 0, got {n_steps}, {step_size}")
    batched = jax.vmap(log_psi, in_axes=(None, 0))
    lp = batched(params, x)
    samples, n_accepted = [], 0
    for _ in range(n_steps):
        key, k_move, k_accept = jax.random.split(key, 3)
        proposal = x + step_size * jax.random.normal(k_move, x.shape)
        lp_new = batched(params, proposal)
        ratio = jnp.exp(2 * (lp_new - lp))
        accept = jax.random.uniform(k_accept, lp.shape) < jnp.minimum(1.0, ratio)
        x = jnp.where(accept[:, None], proposal, x)
        lp = jnp.where(accept, lp_new, lp)
        samples.append(x)
        n_accepted += int(accept.sum())
    return jnp.stack(samples), n_accepted / (n_steps * x.shape[0])
