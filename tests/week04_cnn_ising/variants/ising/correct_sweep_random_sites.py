"""Random-site sweep: L*L attempts, each chain drawing its own site uniformly at every attempt."""

EXPECT_FAILING = []


def metropolis_sweep(spins, beta, rng):
    spins = _check_spins(spins, ndim=3).copy()
    if beta < 0:
        raise ValueError(f"beta must be >= 0, got {beta}")
    C, L, _ = spins.shape
    chains = np.arange(C)
    for _ in range(L * L):
        i, j = rng.integers(L, size=C), rng.integers(L, size=C)
        field = (spins[chains, (i + 1) % L, j] + spins[chains, (i - 1) % L, j]
                 + spins[chains, i, (j + 1) % L] + spins[chains, i, (j - 1) % L])
        accept = rng.random(C) < acceptance_prob(2.0 * spins[chains, i, j] * field, beta)
        spins[chains, i, j] = np.where(accept, -spins[chains, i, j], spins[chains, i, j])
    return spins
