"""Energy by explicit loops over the lattices of the batch and over the sites (right and down bonds)."""

EXPECT_FAILING = []


def ising_energy(spins, J=1.0):
    spins = _check_spins(spins)
    L = spins.shape[-1]
    energies = np.zeros(spins.shape[:-2])
    for index in np.ndindex(spins.shape[:-2]):
        lattice = spins[index]
        total = 0
        for i in range(L):
            for j in range(L):
                total += lattice[i, j] * (lattice[(i + 1) % L, j] + lattice[i, (j + 1) % L])
        energies[index] = -J * total
    return energies
