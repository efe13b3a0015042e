"""numpy instead of jax.numpy, the variance of the walker means with ddof = 1, Python floats out."""

import numpy as np

EXPECT_FAILING = []


def vmc_estimate(e_loc):
    e_loc = np.asarray(e_loc, dtype=float)
    if e_loc.ndim != 2 or e_loc.shape[1] < 2:
        raise ValueError(f"e_loc must be (n_steps, W) with W >= 2, got {e_loc.shape}")
    walker_means = e_loc.mean(axis=0)
    return float(walker_means.mean()), float(np.sqrt(np.var(walker_means, ddof=1) / len(walker_means)))
