"""Sequential sweep that flips when u > p instead of u < p: likely moves become unlikely."""

EXPECT_FAILING = ["metropolis_sweep"]


def metropolis_sweep(spins, beta, rng):
    spins = _check_spins(spins, ndim=3).copy()
    if beta < 0:
        raise ValueError("beta must be >= 0")
    L = spins.shape[-1]
    for i in range(L):
        for j in range(L):
            field = (spins[:, (i + 1) % L, j] + spins[:, (i - 1) % L, j]
                     + spins[:, i, (j + 1) % L] + spins[:, i, (j - 1) % L])
            flip = rng.random(len(spins)) > acceptance_prob(2.0 * spins[:, i, j] * field, beta)
            spins[:, i, j] = np.where(flip, -spins[:, i, j], spins[:, i, j])
    return spins
