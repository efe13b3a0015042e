"""dE from the right and lower neighbours only (the bonds counted once in the energy), not all four."""

EXPECT_FAILING = ["delta_energy"]


def delta_energy(spins, i, j, J=1.0):
    spins = _check_spins(spins, ndim=2)
    L = spins.shape[0]
    if not (0 <= i < L and 0 <= j < L):
        raise ValueError(f"site ({i}, {j}) is outside the lattice")
    return float(2.0 * J * spins[i, j] * (spins[(i + 1) % L, j] + spins[i, (j + 1) % L]))
