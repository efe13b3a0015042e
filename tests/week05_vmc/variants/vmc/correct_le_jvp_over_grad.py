"""Laplacian by forward-over-reverse: sum over unit vectors e_i of the jvp of grad log psi along e_i."""

EXPECT_FAILING = []


def local_energy(log_psi, params, x, potential):
    x = jnp.asarray(x, dtype=float)
    grad_fn = jax.grad(lambda y: log_psi(params, y))
    grad = grad_fn(x)
    laplacian = 0.0
    for i in range(x.shape[0]):
        unit = jnp.zeros_like(x).at[i].set(1.0)
        laplacian = laplacian + jax.jvp(grad_fn, (x,), (unit,))[1][i]
    return -0.5 * (laplacian + jnp.sum(grad**2)) + potential(x)
