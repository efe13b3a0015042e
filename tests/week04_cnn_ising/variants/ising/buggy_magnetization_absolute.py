"""Magnetisation with an absolute value, |mean spin|: the sign of the order is lost."""

EXPECT_FAILING = ["magnetization"]


def magnetization(spins):
    spins = _check_spins(spins)
    return np.abs(np.mean(spins, axis=(-2, -1)))
