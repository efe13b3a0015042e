"""Acceptance exp(-beta dE) without min(1, .): "probabilities" above 1 for downhill moves."""

EXPECT_FAILING = ["acceptance_prob"]


def acceptance_prob(dE, beta):
    if beta < 0:
        raise ValueError("beta must be >= 0")
    return np.exp(-beta * np.asarray(dE, dtype=float))
