"""Energy with the sign of the coupling flipped, E = +J sum s_a s_b (aligned spins cost energy)."""

EXPECT_FAILING = ["ising_energy"]


def ising_energy(spins, J=1.0):
    spins = _check_spins(spins)
    return J * np.sum(spins * (np.roll(spins, -1, axis=-2) + np.roll(spins, -1, axis=-1)),
                      axis=(-2, -1)).astype(float)
