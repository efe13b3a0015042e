"""Returns the spread of the walker means (ddof = 1) without dividing by sqrt(W): a std, not a stderr."""

EXPECT_FAILING = ["vmc_estimate"]


def vmc_estimate(e_loc):
    e_loc = jnp.asarray(e_loc, dtype=float)
    if e_loc.ndim != 2 or e_loc.shape[1] < 2:
        raise ValueError(f"e_loc must be (n_steps, W) with W >= 2, got {e_loc.shape}")
    return e_loc.mean(), jnp.std(e_loc.mean(axis=0), ddof=1)
