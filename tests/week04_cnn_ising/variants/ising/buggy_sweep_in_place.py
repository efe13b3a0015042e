"""Sequential sweep that flips the caller's array in place and returns it."""

EXPECT_FAILING = ["metropolis_sweep"]


def metropolis_sweep(spins, beta, rng):
    _check_spins(spins, ndim=3)
    if beta < 0:
        raise ValueError("beta must be >= 0")
    L = spins.shape[-1]
    for i in range(L):
        for j in range(L):
            field = (spins[:, (i + 1) % L, j] + spins[:, (i - 1) % L, j]
                     + spins[:, i, (j + 1) % L] + spins[:, i, (j - 1) % L])
            accept = rng.random(len(spins)) < acceptance_prob(2.0 * spins[:, i, j] * field, beta)
            spins[:, i, j] = np.where(accept, -spins[:, i, j], spins[:, i, j])
    return spins
