"""dE = J s_ij (sum of neighbours): the factor 2 is missing (both the old and the new bond energy change)."""

EXPECT_FAILING = ["delta_energy"]


def delta_energy(spins, i, j, J=1.0):
    spins = _check_spins(spins, ndim=2)
    L = spins.shape[0]
    if not (0 <= i < L and 0 <= j < L):
        raise ValueError(f"site ({i}, {j}) is outside the lattice")
    neighbours = (spins[(i + 1) % L, j] + spins[(i - 1) % L, j]
                  + spins[i, (j + 1) % L] + spins[i, (j - 1) % L])
    return float(J * spins[i, j] * neighbours)
