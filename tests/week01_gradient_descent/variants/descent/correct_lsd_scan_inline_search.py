"""Line-search descent as one jax.lax.scan with its own Armijo search (a while_loop) inlined."""

import jax

EXPECT_FAILING = []


def line_search_descent(f, grad_fn, x0, n_steps):
    x0 = jnp.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"x0 must be 1-D, got shape {x0.shape}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    t0, c, rho, max_iter = 1.0, 1e-4, 0.5, 60

    def step(x, _):
        g = grad_fn(x)
        f_x, slope = f(x), c * jnp.sum(g**2)

        def rejected(state):
            k, t = state
            f_trial = f(x - t * g)
            return (k < max_iter) & ~(jnp.isfinite(f_trial) & (f_trial <= f_x - t * slope))

        k, t = jax.lax.while_loop(rejected, lambda s: (s[0] + 1, s[1] * rho), (0, jnp.asarray(t0)))
        x_next = x - jnp.where(k < max_iter, t, 0.0) * g
        return x_next, x_next

    _, xs = jax.lax.scan(step, x0, length=n_steps)
    return jnp.concatenate([x0[None], xs])
