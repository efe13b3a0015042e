"""Standard error from the biased (ddof = 0) spread of the walker means: too small by sqrt((W-1)/W)."""

EXPECT_FAILING = ["vmc_estimate"]


def vmc_estimate(e_loc):
    e_loc = jnp.asarray(e_loc, dtype=float)
    if e_loc.ndim != 2 or e_loc.shape[1] < 2:
        raise ValueError(f"e_loc must be (n_steps, W) with W >= 2, got {e_loc.shape}")
    walker_means = e_loc.mean(axis=0)
    return e_loc.mean(), jnp.std(walker_means) / jnp.sqrt(e_loc.shape[1])
