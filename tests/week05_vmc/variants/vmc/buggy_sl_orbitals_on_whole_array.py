"""Calls orbitals on the whole (n, 3) array at once, although it takes one position (3,).

With orbitals written for one position (x, y, z = r_i, or r_i[0], r_i[1]) this reads the
first rows of r as the coordinates, and builds a wrong matrix (or fails).
"""

EXPECT_FAILING = ["slater_log_psi"]


def slater_log_psi(orbitals, r):
    r = jnp.asarray(r, dtype=float)
    if r.ndim != 2 or r.shape[1] != 3:
        raise ValueError(f"r must be (n, 3), got {r.shape}")
    return jnp.linalg.slogdet(orbitals(r))
