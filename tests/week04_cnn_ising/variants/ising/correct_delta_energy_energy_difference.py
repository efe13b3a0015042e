"""dE as the difference of two full energies, E(flipped copy) - E(original)."""

EXPECT_FAILING = []


def delta_energy(spins, i, j, J=1.0):
    spins = _check_spins(spins, ndim=2)
    L = spins.shape[0]
    if not (0 <= i < L and 0 <= j < L):
        raise ValueError(f"site ({i}, {j}) is outside the lattice")
    flipped = spins.copy()
    flipped[i, j] *= -1
    return float(ising_energy(flipped, J) - ising_energy(spins, J))
