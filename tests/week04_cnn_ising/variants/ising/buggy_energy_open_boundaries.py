"""Energy with open boundaries: the bonds across the edges of the lattice are missing."""

EXPECT_FAILING = ["ising_energy"]


def ising_energy(spins, J=1.0):
    spins = _check_spins(spins)
    vertical = np.sum(spins[..., 1:, :] * spins[..., :-1, :], axis=(-2, -1))
    horizontal = np.sum(spins[..., :, 1:] * spins[..., :, :-1], axis=(-2, -1))
    return -J * (vertical + horizontal).astype(float)
