"""Mean over every axis: a batch of lattices gets one magnetisation instead of one each."""

EXPECT_FAILING = ["magnetization"]


def magnetization(spins):
    spins = _check_spins(spins)
    return np.mean(spins)
