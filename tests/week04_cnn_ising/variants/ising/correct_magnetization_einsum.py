"""Magnetisation by einsum over the lattice axes, divided by L^2."""

EXPECT_FAILING = []


def magnetization(spins):
    spins = _check_spins(spins)
    return np.einsum("...ij->...", spins.astype(float)) / spins.shape[-1] ** 2
