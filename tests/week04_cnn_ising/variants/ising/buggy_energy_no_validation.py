"""Energy without input checks: a non-square lattice or 0/1 spins give a number, not ValueError."""

EXPECT_FAILING = ["ising_energy"]


def ising_energy(spins, J=1.0):
    spins = np.asarray(spins)
    return -J * np.sum(spins * (np.roll(spins, -1, axis=-2) + np.roll(spins, -1, axis=-1)),
                       axis=(-2, -1)).astype(float)
