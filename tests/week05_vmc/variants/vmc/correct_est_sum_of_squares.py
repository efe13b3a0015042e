"""Sums of the walker means and of their squares: var = (sum m^2 - W mbar^2) / (W - 1)."""

EXPECT_FAILING = []


def vmc_estimate(e_loc):
    e_loc = jnp.asarray(e_loc, dtype=float)
    if e_loc.ndim != 2 or e_loc.shape[1] < 2:
        raise ValueError(f"e_loc must be (n_steps, W) with W >= 2, got {e_loc.shape}")
    n_steps, walkers = e_loc.shape
    means = jnp.sum(e_loc, axis=0) / n_steps
    mbar = jnp.sum(means) / walkers
    variance = (jnp.sum(means**2) - walkers * mbar**2) / (walkers - 1)
    return mbar, jnp.sqrt(variance / walkers)
