"""Energy summed over every axis: a batch of lattices gets one total energy instead of one each."""

EXPECT_FAILING = ["ising_energy"]


def ising_energy(spins, J=1.0):
    spins = _check_spins(spins)
    return -J * float(np.sum(spins * (np.roll(spins, -1, axis=-2) + np.roll(spins, -1, axis=-1))))
