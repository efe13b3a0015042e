"""Acceptance by cases: 1 where dE <= 0, exp(-beta dE) elsewhere."""

EXPECT_FAILING = []


def acceptance_prob(dE, beta):
    if beta < 0:
        raise ValueError(f"beta must be >= 0, got {beta}")
    dE = np.asarray(dE, dtype=float)
    return np.where(dE <= 0, 1.0, np.exp(-beta * np.abs(dE)))
