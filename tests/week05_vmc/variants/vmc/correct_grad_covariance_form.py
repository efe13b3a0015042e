"""The covariance form 2 (<E_L O> - <E_L><O>), equal to the centred mean."""

EXPECT_FAILING = []


def energy_gradient(e_loc, grad_log_psi):
    e_loc, grad_log_psi = jnp.asarray(e_loc, dtype=float), jnp.asarray(grad_log_psi, dtype=float)
    if e_loc.ndim != 1 or grad_log_psi.ndim != 2 or len(e_loc) != len(grad_log_psi):
        raise ValueError(f"e_loc (N,) and grad_log_psi (N, P) expected, got {e_loc.shape}, {grad_log_psi.shape}")
    return 2.0 * (jnp.mean(e_loc[:, None] * grad_log_psi, axis=0) - jnp.mean(e_loc) * jnp.mean(grad_log_psi, axis=0))
