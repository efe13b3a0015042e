"""Standard error of all n_steps * W samples as if independent: std(e_loc) / sqrt(N).

Ignores the autocorrelation of Metropolis chains: the error bar is far too small.
"""

EXPECT_FAILING = ["vmc_estimate"]


def vmc_estimate(e_loc):
    e_loc = jnp.asarray(e_loc, dtype=float)
    if e_loc.ndim != 2 or e_loc.shape[1] < 2:
        raise ValueError(f"e_loc must be (n_steps, W) with W >= 2, got {e_loc.shape}")
    return e_loc.mean(), jnp.std(e_loc, ddof=1) / jnp.sqrt(e_loc.size)
