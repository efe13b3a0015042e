"""Kinetic energy without the factor 1/2: -(laplacian log psi + |grad log psi|^2) + V (hbar^2/m, not hbar^2/2m)."""

EXPECT_FAILING = ["local_energy"]


def local_energy(log_psi, params, x, potential):
    x = jnp.asarray(x, dtype=float)
    f = lambda y: log_psi(params, y)  # noqa: E731
    grad = jax.grad(f)(x)
    return -(jnp.trace(jax.hessian(f)(x)) + grad @ grad) + potential(x)
