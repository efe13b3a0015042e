"""Armijo search that returns t * rho, the trial after the one that passed."""

EXPECT_FAILING = ["backtracking_line_search", "line_search_descent"]


def backtracking_line_search(f, grad_fn, x, t0=1.0, c=1e-4, rho=0.5, max_iter=60):
    x = jnp.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {x.shape}")
    if t0 <= 0 or not 0 < c < 1 or not 0 < rho < 1:
        raise ValueError(f"need t0 > 0 and c, rho in (0, 1); got {t0}, {c}, {rho}")
    g = grad_fn(x)
    f_x, g_squared = f(x), jnp.sum(g**2)
    t = t0
    for _ in range(max_iter):
        f_trial = f(x - t * g)
        if jnp.isfinite(f_trial) and f_trial <= f_x - c * t * g_squared:
            return t * rho
        t = t * rho
    return 0.0
