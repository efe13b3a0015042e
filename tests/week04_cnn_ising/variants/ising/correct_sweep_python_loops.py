"""Plain loops over chains and sites with scalar random numbers, built on delta_energy and acceptance_prob."""

EXPECT_FAILING = []


def metropolis_sweep(spins, beta, rng):
    spins = np.array(_check_spins(spins, ndim=3))
    if beta < 0:
        raise ValueError(f"beta must be >= 0, got {beta}")
    C, L, _ = spins.shape
    for c in range(C):
        for i in range(L):
            for j in range(L):
                if rng.random() < acceptance_prob(delta_energy(spins[c], i, j), beta):
                    spins[c, i, j] = -spins[c, i, j]
    return spins
