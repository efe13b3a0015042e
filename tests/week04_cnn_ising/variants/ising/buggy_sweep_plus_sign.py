"""Checkerboard sweep that accepts with min(1, exp(+beta dE)): it climbs to high energies."""

EXPECT_FAILING = ["metropolis_sweep"]


def metropolis_sweep(spins, beta, rng):
    spins = _check_spins(spins, ndim=3)
    if beta < 0:
        raise ValueError("beta must be >= 0")
    rows, cols = np.indices(spins.shape[1:])
    for colour in (0, 1):
        field = sum(np.roll(spins, shift, axis=axis) for shift in (1, -1) for axis in (1, 2))
        accept = rng.random(spins.shape) < np.minimum(1.0, np.exp(beta * 2.0 * spins * field))
        spins = np.where(accept & ((rows + cols) % 2 == colour), -spins, spins)
    return spins
