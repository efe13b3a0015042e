"""Acceptance that does not reject a negative beta."""

EXPECT_FAILING = ["acceptance_prob"]


def acceptance_prob(dE, beta):
    return np.minimum(1.0, np.exp(-beta * np.asarray(dE, dtype=float)))
