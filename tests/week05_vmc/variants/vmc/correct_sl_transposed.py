"""Builds Phi^T (one orbital per row) by a Python loop over electrons: det Phi^T = det Phi."""

EXPECT_FAILING = []


def slater_log_psi(orbitals, r):
    r = jnp.asarray(r, dtype=float)
    if r.ndim != 2 or r.shape[1] != 3:
        raise ValueError(f"r must be (n, 3), got {r.shape}")
    phi_t = jnp.stack([orbitals(position) for position in r], axis=1)
    sign, log_abs = jnp.linalg.slogdet(phi_t)
    return sign, log_abs
