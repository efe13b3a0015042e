"""Week 4, part 1: the two-dimensional Ising model and Metropolis Monte Carlo (numpy only).

A configuration is an (L, L) array of spins s = +1 or -1 on a square lattice with periodic
boundaries: site (i, j) has the four nearest neighbours (i +- 1 mod L, j) and
(i, j +- 1 mod L).  The energy in units of the coupling J, with no external field, is

    E(s) = -J sum_<ab> s_a s_b,

a sum over the 2 L^2 nearest-neighbour bonds, each bond counted once.  J > 0 favours
aligned spins (a ferromagnet): the ground states are all up and all down, E = -2 J L^2.
At inverse temperature beta = 1/T (k_B = 1) configurations follow the Boltzmann
distribution pi(s) = exp(-beta E(s)) / Z.  In the infinite lattice the model orders below
Onsager's critical temperature T_c = 2 / ln(1 + sqrt 2) = 2.269185... (J = 1).

Batches of configurations have shape (..., L, L) (e.g. (C, L, L) for C Markov chains);
the last two axes are always the lattice.  Spins are stored as integers.

Functions to write, in this order: `ising_energy`, `magnetization`, `delta_energy`,
`acceptance_prob`, `metropolis_sweep`.
"""

import numpy as np


def _check_spins(spins, ndim=None):
    """Given: `spins` as a numpy array, after checking it is a valid batch of Ising lattices.

    Args:
        spins: array-like (..., L, L) of spins.
        ndim: the exact number of axes required, or None for any number >= 2.

    Returns:
        `spins` as a numpy array.

    Raises:
        ValueError: unless the last two axes are square (L, L) with L >= 2, every entry is
            +1 or -1, and (when `ndim` is given) the array has exactly `ndim` axes.
    """
    spins = np.asarray(spins)
    if spins.ndim < 2 or spins.shape[-1] != spins.shape[-2] or spins.shape[-1] < 2:
        raise ValueError(f"spins must have shape (..., L, L) with L >= 2, got shape {spins.shape}")
    if ndim is not None and spins.ndim != ndim:
        raise ValueError(f"spins must have {ndim} axes, got shape {spins.shape}")
    if not np.all(np.abs(spins) == 1):
        raise ValueError("every spin must be +1 or -1")
    return spins


def ising_energy(spins, J=1.0):
    """Energy E = -J sum over nearest-neighbour bonds s_a s_b, with periodic boundaries.

    Every bond is counted once: summing s_ij (s_{i+1,j} + s_{i,j+1}) over all sites visits
    each of the 2 L^2 bonds exactly once (summing over all four neighbours of every site
    counts each bond twice).  Checks: all spins up gives E = -2 J L^2; the checkerboard
    (s_ij = (-1)^(i+j), L even) gives E = +2 J L^2.

    Args:
        spins: integer array (..., L, L) of +1/-1.
        J: the coupling (a float; J < 0 is an antiferromagnet).

    Returns:
        The energy of every configuration in the batch, a float array (...).

    Raises:
        ValueError: if the last two axes are not a square lattice with L >= 2, or a spin is
            not +1 or -1 (call the given `_check_spins`).
    """
    ### BEGIN SOLUTION
    spins = _check_spins(spins)
    bonds = spins * (np.roll(spins, -1, axis=-2) + np.roll(spins, -1, axis=-1))
    return -J * np.sum(bonds, axis=(-2, -1)).astype(float)
    ### END SOLUTION


def magnetization(spins):
    """Magnetisation per spin m = (1/L^2) sum_ij s_ij of every configuration (signed).

    m = +1 for all spins up, -1 for all spins down, 0 for the checkerboard.  Do not take the
    absolute value here: the order parameter <|m|> is computed from these by the caller.

    Args:
        spins: integer array (..., L, L) of +1/-1.

    Returns:
        The magnetisation per spin of every configuration, a float array (...).

    Raises:
        ValueError: as for `ising_energy`: if the last two axes are not a square lattice
            with L >= 2, or a spin is not +1 or -1.
    """
    ### BEGIN SOLUTION
    spins = _check_spins(spins)
    return np.mean(spins, axis=(-2, -1))
    ### END SOLUTION


def delta_energy(spins, i, j, J=1.0):
    """Energy change E(s with s_ij flipped) - E(s) of flipping the single spin (i, j).

    Only the four bonds of site (i, j) change sign, so
        dE = 2 J s_ij (s_{i+1,j} + s_{i-1,j} + s_{i,j+1} + s_{i,j-1}),
    indices modulo L (periodic boundaries).  Check: flipping a spin of the all-up lattice
    costs dE = +8 J.  `spins` is not modified.

    Args:
        spins: integer array (L, L) of +1/-1, one configuration.
        i: the row of the spin, an integer with 0 <= i < L.
        j: the column of the spin, an integer with 0 <= j < L.
        J: the coupling.

    Returns:
        The energy change dE, a float.

    Raises:
        ValueError: if `spins` is not one square lattice of +1/-1
            (`_check_spins(spins, ndim=2)`), or i or j lies outside 0 ... L-1.
    """
    ### BEGIN SOLUTION
    spins = _check_spins(spins, ndim=2)
    L = spins.shape[0]
    if not (0 <= i < L and 0 <= j < L):
        raise ValueError(f"site ({i}, {j}) is outside the {L}x{L} lattice")
    neighbours = (spins[(i + 1) % L, j] + spins[(i - 1) % L, j]
                  + spins[i, (j + 1) % L] + spins[i, (j - 1) % L])
    return float(2.0 * J * spins[i, j] * neighbours)
    ### END SOLUTION


def acceptance_prob(dE, beta):
    """Metropolis acceptance probability min(1, exp(-beta dE)), elementwise.

    A move that lowers the energy (dE <= 0) is always accepted; one that raises it is
    accepted with the Boltzmann factor exp(-beta dE) < 1.  This choice satisfies detailed
    balance, pi(a) P(a -> b) = pi(b) P(b -> a), for the Boltzmann distribution pi.

    Args:
        dE: float or array of energy changes.
        beta: inverse temperature 1/T >= 0 (beta = 0: infinite temperature, all accepted).

    Returns:
        The acceptance probability, a float or an array shaped like dE, with values in
        [0, 1].

    Raises:
        ValueError: if beta < 0.
    """
    ### BEGIN SOLUTION
    if beta < 0:
        raise ValueError(f"beta = 1/T must be >= 0, got {beta}")
    return np.exp(-beta * np.maximum(np.asarray(dE, dtype=float), 0.0))
    ### END SOLUTION


def metropolis_sweep(spins, beta, rng):
    """One Metropolis sweep of every chain in a batch: L*L single-spin-flip attempts each.

    An attempt at site (i, j) proposes to flip s_ij and accepts with probability
    `acceptance_prob(delta_energy(...), beta)` (J = 1): draw u uniform in [0, 1) and flip
    if u < that probability.  Any valid order of the L*L attempts is fine: site by site
    (sequential), L*L sites drawn at random, or the two-colour checkerboard, which updates
    all sites of one colour at once since no two of them are neighbours, then all sites of
    the other colour with the new spins.  The checkerboard is valid for even L only: on an
    odd lattice the colours do not alternate across the periodic boundary (sites (i, 0) and
    (i, L-1) are neighbours of the same colour), so odd L needs another order.  The chains
    are independent: a random-site sweep draws separate sites for every chain.

    Speed matters (the notebook makes about a billion attempts): update all C chains together
    with numpy rather than one by one, since a Python loop over sites is slow; dE = 2 s_ij h_ij,
    with h_ij the sum of the four neighbours, takes only the values -8, -4, 0, 4, 8, so the
    acceptance probabilities can be computed once per sweep instead of once per site.

    Args:
        spins: integer array (C, L, L) of +1/-1, C independent chains.
        beta: inverse temperature >= 0.
        rng: a numpy.random.Generator, the only source of randomness (same state, same result).

    Returns:
        The spins after the sweep, a new integer array (C, L, L) of the same dtype; the
        input array is left unchanged.

    Raises:
        ValueError: if `spins` is not a batch (C, L, L) of square lattices of +1/-1 with
            L >= 2 (`_check_spins(spins, ndim=3)`), or beta < 0.
    """
    ### BEGIN SOLUTION
    spins = _check_spins(spins, ndim=3)
    if beta < 0:
        raise ValueError(f"beta = 1/T must be >= 0, got {beta}")
    C, L, _ = spins.shape
    if L % 2 == 0:
        # Checkerboard on the four sublattices q[p, r] = spins[:, p::2, r::2] (rows of parity p,
        # columns of parity r), as int8 for speed.  Site (a, b) of q[p, r] has its neighbours
        # in q[1-p, r] (rows a and a - 1 for p = 0, a and a + 1 for p = 1) and in q[p, 1-r]
        # (columns likewise), never in q[p, r] itself: a whole sublattice is updated at once.
        # q[0, 0] and q[1, 1] make one colour, q[0, 1] and q[1, 0] the other.
        q = spins.reshape(C, L // 2, 2, L // 2, 2).transpose(2, 4, 0, 1, 3).astype(np.int8)
        # With h the sum of the neighbours, dE = 2 s h and s h is one of -4, -2, 0, 2, 4.  The
        # acceptance is 1 for s h <= 0 and decreases with s h, so "u < acceptance" is the same as
        # "s h <= the largest s h accepted at this u": 0, or 2 if u < p(dE = 4), or 4 if u < p(dE = 8).
        p4, p8 = acceptance_prob(np.array([4.0, 8.0]), beta).astype(np.float32)
        for p, r in ((0, 0), (1, 1), (0, 1), (1, 0)):
            vertical, horizontal = q[1 - p, r], q[p, 1 - r]
            field = (vertical + np.roll(vertical, 1 - 2 * p, axis=1)
                     + horizontal + np.roll(horizontal, 1 - 2 * r, axis=2))
            u = rng.random(field.shape, dtype=np.float32)
            largest_accepted = 2 * (u < p4).astype(np.int8) + 2 * (u < p8).astype(np.int8)
            flip = q[p, r] * field <= largest_accepted
            q[p, r] *= 1 - 2 * flip.astype(np.int8)  # -1 where flipped: in place in the copy q
        return q.transpose(2, 3, 0, 4, 1).reshape(C, L, L).astype(spins.dtype)
    # Odd L: L*L sites drawn at random, separately for every chain.
    spins, chains = spins.copy(), np.arange(C)
    for _ in range(L * L):
        i, j = rng.integers(L, size=C), rng.integers(L, size=C)
        s = spins[chains, i, j]
        field = (spins[chains, (i + 1) % L, j] + spins[chains, (i - 1) % L, j]
                 + spins[chains, i, (j + 1) % L] + spins[chains, i, (j - 1) % L])
        flip = rng.random(C) < acceptance_prob(2.0 * s * field, beta)
        spins[chains, i, j] = np.where(flip, -s, s)
    return spins
    ### END SOLUTION
