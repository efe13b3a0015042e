"""Accepts with |psi(x')| / |psi(x)| (no square): the walkers sample |psi|, not |psi|^2.

For the oscillator <x^2> comes out as 1/(2 alpha) instead of 1/(4 alpha).
"""

EXPECT_FAILING = ["metropolis_sample"]


def metropolis_sample(log_psi, params, x0, n_steps, step_size, key):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 2 or n_steps < 1 or step_size <= 0:
        raise ValueError(f"bad arguments: x0 {x0.shape}, n_steps {n_steps}, step_size {step_size}")
    batched = jax.vmap(log_psi, in_axes=(None, 0))

    def step(carry, step_key):
        x, lp = carry
        k1, k2 = jax.random.split(step_key)
        proposal = x + step_size * jax.random.normal(k1, x.shape)
        lp_new = batched(params, proposal)
        accept = jax.random.uniform(k2, lp.shape) < jnp.exp(lp_new - lp)
        x = jnp.where(accept[:, None], proposal, x)
        return (x, jnp.where(accept, lp_new, lp)), (x, accept)

    _, (samples, accepted) = jax.lax.scan(step, (x0, batched(params, x0)), jax.random.split(key, n_steps))
    return samples, jnp.mean(accepted.astype(float))
