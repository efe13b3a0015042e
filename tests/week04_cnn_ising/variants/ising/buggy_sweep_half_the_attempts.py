"""Random-site sweep with L*L // 2 attempts per chain instead of L*L (half a sweep)."""

EXPECT_FAILING = ["metropolis_sweep"]


def metropolis_sweep(spins, beta, rng):
    spins = _check_spins(spins, ndim=3).copy()
    if beta < 0:
        raise ValueError("beta must be >= 0")
    C, L, _ = spins.shape
    chains = np.arange(C)
    for _ in range(L * L // 2):
        i, j = rng.integers(L, size=C), rng.integers(L, size=C)
        field = (spins[chains, (i + 1) % L, j] + spins[chains, (i - 1) % L, j]
                 + spins[chains, i, (j + 1) % L] + spins[chains, i, (j - 1) % L])
        accept = rng.random(C) < acceptance_prob(2.0 * spins[chains, i, j] * field, beta)
        spins[chains, i, j] = np.where(accept, -spins[chains, i, j], spins[chains, i, j])
    return spins
