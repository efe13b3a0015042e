"""Armijo search as jax.lax.while_loop (traceable by jit); returns a 0-d JAX array."""

import jax

EXPECT_FAILING = []


def backtracking_line_search(f, grad_fn, x, t0=1.0, c=1e-4, rho=0.5, max_iter=60):
    x = jnp.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {x.shape}")
    if t0 <= 0 or not 0 < c < 1 or not 0 < rho < 1:
        raise ValueError(f"need t0 > 0 and c, rho in (0, 1); got {t0}, {c}, {rho}")
    g = grad_fn(x)
    f_x, slope = f(x), c * jnp.sum(g**2)

    def rejected(state):
        k, t = state
        f_trial = f(x - t * g)
        return (k < max_iter) & ~(jnp.isfinite(f_trial) & (f_trial <= f_x - t * slope))

    k, t = jax.lax.while_loop(rejected, lambda state: (state[0] + 1, state[1] * rho),
                              (0, jnp.asarray(t0, dtype=float)))
    return jnp.where(k < max_iter, t, 0.0)
