"""Acceptance min(1, exp(-dE / beta)): beta taken for the temperature T."""

# The reference metropolis_sweep draws its acceptance from acceptance_prob, so it fails too.
EXPECT_FAILING = ["acceptance_prob", "metropolis_sweep"]


def acceptance_prob(dE, beta):
    if beta < 0:
        raise ValueError("beta must be >= 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.minimum(1.0, np.exp(-np.asarray(dE, dtype=float) / beta))
