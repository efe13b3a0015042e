"""Magnetisation as the sum of the flattened lattice divided by the number of sites."""

EXPECT_FAILING = []


def magnetization(spins):
    spins = _check_spins(spins)
    flat = spins.reshape(*spins.shape[:-2], -1)
    return flat.sum(axis=-1) / flat.shape[-1]
