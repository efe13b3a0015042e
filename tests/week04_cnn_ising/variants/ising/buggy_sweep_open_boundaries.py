"""Checkerboard sweep whose local field ignores the neighbours across the lattice edges."""

EXPECT_FAILING = ["metropolis_sweep"]


def metropolis_sweep(spins, beta, rng):
    spins = _check_spins(spins, ndim=3)
    if beta < 0:
        raise ValueError("beta must be >= 0")
    rows, cols = np.indices(spins.shape[1:])
    for colour in (0, 1):
        padded = np.pad(spins, ((0, 0), (1, 1), (1, 1)))  # zeros outside: open boundaries
        field = padded[:, :-2, 1:-1] + padded[:, 2:, 1:-1] + padded[:, 1:-1, :-2] + padded[:, 1:-1, 2:]
        accept = rng.random(spins.shape) < acceptance_prob(2.0 * spins * field, beta)
        spins = np.where(accept & ((rows + cols) % 2 == colour), -spins, spins)
    return spins
