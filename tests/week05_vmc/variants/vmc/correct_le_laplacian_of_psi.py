"""The textbook form E_L = -1/2 laplacian psi / psi + V with psi = exp(log psi) (fine unless psi underflows)."""

EXPECT_FAILING = []


def local_energy(log_psi, params, x, potential):
    x = jnp.asarray(x, dtype=float)
    psi = lambda y: jnp.exp(log_psi(params, y))  # noqa: E731
    return -0.5 * jnp.trace(jax.jacfwd(jax.grad(psi))(x)) / psi(x) + potential(x)
