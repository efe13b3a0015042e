"""dE read off the local-field map 2 J s (sum of the four rolled copies of the lattice)."""

EXPECT_FAILING = []


def delta_energy(spins, i, j, J=1.0):
    spins = _check_spins(spins, ndim=2)
    L = spins.shape[0]
    if i < 0 or j < 0 or i >= L or j >= L:
        raise ValueError(f"site ({i}, {j}) is outside the lattice")
    field = sum(np.roll(spins, shift, axis=axis) for shift in (1, -1) for axis in (0, 1))
    return float((2.0 * J * spins * field)[i, j])
