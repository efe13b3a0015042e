"""Acceptance with Python's built-in min(1, exp(-beta dE)): fine for one number, fails on arrays."""

# The reference metropolis_sweep draws its acceptance from acceptance_prob, so it fails too.
EXPECT_FAILING = ["acceptance_prob", "metropolis_sweep"]


def acceptance_prob(dE, beta):
    if beta < 0:
        raise ValueError("beta must be >= 0")
    return min(1.0, np.exp(-beta * np.asarray(dE, dtype=float)))
