"""det Phi by jnp.linalg.det, then its sign and log|det| (fine for a few electrons)."""

EXPECT_FAILING = []


def slater_log_psi(orbitals, r):
    r = jnp.asarray(r, dtype=float)
    if r.ndim != 2 or r.shape[1] != 3:
        raise ValueError(f"r must be (n, 3), got {r.shape}")
    det = jnp.linalg.det(jax.vmap(orbitals)(r))
    return jnp.sign(det), jnp.log(jnp.abs(det))
