"""A matrix-vector product: 2 (E_L - <E_L>) @ O / N."""

EXPECT_FAILING = []


def energy_gradient(e_loc, grad_log_psi):
    e_loc, grad_log_psi = jnp.asarray(e_loc, dtype=float), jnp.asarray(grad_log_psi, dtype=float)
    if e_loc.ndim != 1 or grad_log_psi.ndim != 2:
        raise ValueError(f"e_loc must be (N,) and grad_log_psi (N, P), got {e_loc.shape}, {grad_log_psi.shape}")
    if len(e_loc) != len(grad_log_psi):
        raise ValueError(f"{len(e_loc)} local energies but {len(grad_log_psi)} rows of grad_log_psi")
    return 2.0 * (e_loc - jnp.mean(e_loc)) @ grad_log_psi / len(e_loc)
