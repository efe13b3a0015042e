"""Oracles for the Ising tests, written independently of the student's module.

Exact enumeration of small periodic lattices (2^(L*L) states, L <= 4), the energy by an
explicit loop over bonds, the single-site Metropolis transition matrix of a lattice, and
the check that it leaves the Boltzmann distribution stationary.

One bug costs one task: a test of one function replaces the other graded functions that
the student's function may call by the oracles of `GRADED_ORACLES` (same signatures, same
ValueErrors as the docstrings promise), with `ising.oracles(**GRADED_ORACLES)`.
"""

import numpy as np

from autograder.checks import assert_close


def energy_by_bonds(spins, J=1.0):
    """E = -J sum_bonds s_a s_b of one (L, L) lattice, looping over the right and down bond of each site."""
    L = len(spins)
    return -J * sum(int(spins[i, j]) * (int(spins[(i + 1) % L, j]) + int(spins[i, (j + 1) % L]))
                    for i in range(L) for j in range(L))


def checkerboard(L):
    """The Neel state s_ij = (-1)^(i + j) (a ground state of the antiferromagnet for even L)."""
    i, j = np.indices((L, L))
    return (1 - 2 * ((i + j) % 2)).astype(np.int64)


def all_states(L):
    """Every configuration of an L x L lattice, shape (2^(L*L), L, L), integer spins."""
    n = L * L
    bits = (np.arange(2 ** n)[:, None] >> np.arange(n)) & 1
    return (1 - 2 * bits).reshape(-1, L, L)


def vectorised_energy(states):
    """Energy (J = 1) of a batch (..., L, L) by rolls; checked against `energy_by_bonds` in the tests."""
    return -np.sum(states * (np.roll(states, 1, axis=-1) + np.roll(states, 1, axis=-2)), axis=(-2, -1))


def boltzmann(states, beta):
    """Normalised Boltzmann probabilities exp(-beta E) / Z of a batch of states (J = 1)."""
    energy = vectorised_energy(states)
    weights = np.exp(-beta * (energy - energy.min()))
    return weights / weights.sum()


def exact_averages(L, T):
    """Exact Boltzmann averages <E>/N and <|m|> of the periodic L x L lattice at temperature T."""
    states = all_states(L)
    pi = boltzmann(states, 1 / T)
    n = L * L
    return float(pi @ vectorised_energy(states)) / n, float(pi @ np.abs(states.sum(axis=(1, 2)))) / n


def transition_matrix(delta_energy, acceptance_prob, beta, L=3):
    """The one-attempt Metropolis matrix P[a, b] on all 2^(L*L) states of an L x L lattice.

    An attempt picks one of the N = L*L sites with probability 1/N and flips it with
    probability acceptance_prob(delta_energy(state, i, j), beta); otherwise the state stays.
    `delta_energy(spins, i, j)` and `acceptance_prob(dE_array, beta)` are callables (the
    student's or the oracle's).  Returns (P, states): P (2^N, 2^N) with the diagonal set so
    that rows sum to 1, and the states in the order of `all_states(L)`.
    """
    states = all_states(L)
    n = L * L
    dE = np.array([[float(delta_energy(state, site // L, site % L)) for site in range(n)]
                   for state in states])
    accept = np.asarray(acceptance_prob(dE, beta), dtype=float).reshape(dE.shape)
    index = np.arange(len(states))
    P = np.zeros((len(states), len(states)))
    for site in range(n):
        P[index, index ^ (1 << site)] = accept[:, site] / n  # bit `site` is spin (site // L, site % L)
    P[index, index] = 1.0 - P.sum(axis=1)
    return P, states


def oracle_delta_energy(spins, i, j):
    """E(flipped) - E by two full energy evaluations (J = 1)."""
    flipped = np.array(spins, copy=True)
    flipped[i, j] *= -1
    return energy_by_bonds(flipped) - energy_by_bonds(spins)


def metropolis_acceptance(dE, beta):
    """min(1, exp(-beta dE)) elementwise, the oracle acceptance."""
    return np.minimum(1.0, np.exp(-beta * np.asarray(dE, dtype=float)))


def _valid_lattices(spins, ndim=None):
    """`spins` as an array, or ValueError unless it is (..., L, L) of +-1 with L >= 2 (and `ndim` axes)."""
    spins = np.asarray(spins)
    if spins.ndim < 2 or spins.shape[-2] != spins.shape[-1] or spins.shape[-1] < 2:
        raise ValueError(f"not a batch of square lattices: shape {spins.shape}")
    if ndim is not None and spins.ndim != ndim:
        raise ValueError(f"expected {ndim} axes, got shape {spins.shape}")
    if not np.all(np.abs(spins) == 1):
        raise ValueError("a spin is not +1 or -1")
    return spins


def graded_energy(spins, J=1.0):
    """Oracle of ising_energy: -J times the bond sum of every lattice of a batch (..., L, L)."""
    return J * vectorised_energy(_valid_lattices(spins)).astype(float)


def graded_delta_energy(spins, i, j, J=1.0):
    """Oracle of delta_energy: 2 J s_ij (sum of the four periodic neighbours), one (L, L) lattice."""
    spins = _valid_lattices(spins, ndim=2)
    L = len(spins)
    if not (0 <= i < L and 0 <= j < L):
        raise ValueError(f"site ({i}, {j}) outside the {L}x{L} lattice")
    neighbours = sum(int(spins[(i + di) % L, (j + dj) % L]) for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1)))
    return 2.0 * J * int(spins[i, j]) * neighbours


def graded_acceptance(dE, beta):
    """Oracle of acceptance_prob: min(1, exp(-beta dE)) elementwise, ValueError for beta < 0."""
    if beta < 0:
        raise ValueError(f"negative beta {beta}")
    return metropolis_acceptance(dE, beta)


# The graded functions of ising.py that another graded function may call, and their oracles.
GRADED_ORACLES = dict(ising_energy=graded_energy, delta_energy=graded_delta_energy,
                      acceptance_prob=graded_acceptance)


def assert_stationary(P, states, beta, what):
    """Entries of P are probabilities and the Boltzmann distribution satisfies pi P = pi."""
    assert P.min() >= -1e-12 and P.max() <= 1 + 1e-12, (
        f"{what}: a transition probability lies outside [0, 1] (smallest {P.min():.6g}, "
        f"largest {P.max():.6g}): an acceptance probability above 1 or below 0")
    pi = boltzmann(states, beta)
    assert_close(pi @ P, pi, f"{what}: pi P = pi for the Boltzmann distribution pi", rtol=1e-9, atol=1e-15)
