"""Averages over the parameters (axis 1) instead of the samples: returns shape (N,), not (P,)."""

EXPECT_FAILING = ["energy_gradient"]


def energy_gradient(e_loc, grad_log_psi):
    e_loc, grad_log_psi = jnp.asarray(e_loc, dtype=float), jnp.asarray(grad_log_psi, dtype=float)
    if e_loc.ndim != 1 or grad_log_psi.ndim != 2 or e_loc.shape[0] != grad_log_psi.shape[0]:
        raise ValueError(f"shapes {e_loc.shape} and {grad_log_psi.shape} do not match")
    return 2.0 * jnp.mean((e_loc - e_loc.mean())[:, None] * grad_log_psi, axis=1)
