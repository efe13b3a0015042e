"""dE = E(after) - E(before) computed by flipping the caller's lattice in place (and leaving it flipped)."""

EXPECT_FAILING = ["delta_energy"]


def delta_energy(spins, i, j, J=1.0):
    _check_spins(spins, ndim=2)
    L = spins.shape[0]
    if not (0 <= i < L and 0 <= j < L):
        raise ValueError(f"site ({i}, {j}) is outside the lattice")
    before = ising_energy(spins, J)
    spins[i, j] *= -1
    return float(ising_energy(spins, J) - before)
