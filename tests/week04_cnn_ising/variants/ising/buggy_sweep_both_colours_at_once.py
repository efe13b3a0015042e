"""Checkerboard sweep that updates every site at once from the old spins (a Jacobi update).

Neighbours flip together, so the chain does not sample the Boltzmann distribution (it
oscillates between antiferromagnetic patterns).
"""

EXPECT_FAILING = ["metropolis_sweep"]


def metropolis_sweep(spins, beta, rng):
    spins = _check_spins(spins, ndim=3)
    if beta < 0:
        raise ValueError("beta must be >= 0")
    field = sum(np.roll(spins, shift, axis=axis) for shift in (1, -1) for axis in (1, 2))
    accept = rng.random(spins.shape) < acceptance_prob(2.0 * spins * field, beta)
    return np.where(accept, -spins, spins)
