"""dE with open boundaries: neighbours across the edge of the lattice are ignored."""

EXPECT_FAILING = ["delta_energy"]


def delta_energy(spins, i, j, J=1.0):
    spins = _check_spins(spins, ndim=2)
    L = spins.shape[0]
    if not (0 <= i < L and 0 <= j < L):
        raise ValueError(f"site ({i}, {j}) is outside the lattice")
    neighbours = sum(spins[a, b] for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1))
                     if 0 <= a < L and 0 <= b < L)
    return float(2.0 * J * spins[i, j] * neighbours)
