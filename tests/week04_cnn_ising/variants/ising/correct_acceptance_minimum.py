"""Acceptance as np.minimum(1, exp(-beta dE)), the formula as written."""

EXPECT_FAILING = []


def acceptance_prob(dE, beta):
    if beta < 0:
        raise ValueError(f"beta must be >= 0, got {beta}")
    return np.minimum(1.0, np.exp(-beta * np.asarray(dE, dtype=float)))
