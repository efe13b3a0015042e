"""Graded tests of week 4, ising.py: the Metropolis acceptance probability and sweeps.

Oracles live in _ising_oracles.py: exact enumeration of the 3x3 and 4x4 periodic lattices,
and the exact one-attempt Metropolis transition matrix of the 3x3 lattice.  The sweeps run
with the oracles in place of the student's other graded functions (ising_energy,
delta_energy, acceptance_prob), so that a bug there does not cost metropolis_sweep.
"""

import math

import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from _ising_oracles import (GRADED_ORACLES, assert_stationary, exact_averages, oracle_delta_energy,
                            transition_matrix, vectorised_energy)
from autograder.checks import as_array, assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

ising = submission_module("week04_cnn_ising", "ising.py")


# ---------------------------------------------------------------------------- acceptance_prob

@pytest.mark.task("acceptance_prob")
def test_acceptance_of_worked_examples():
    """Downhill moves are always accepted; uphill ones with exp(-beta dE); at beta = 0 all are.

    Hint: p = min(1, exp(-beta dE)) for every entry of dE (a number or an array of any
    shape), with beta = 1/T multiplying dE; re-read the docstring of acceptance_prob.
    """
    dE = np.array([-8.0, -4.0, 0.0, 4.0, 8.0])
    assert_close(ising.acceptance_prob(dE, 0.25), [1.0, 1.0, 1.0, math.exp(-1.0), math.exp(-2.0)],
                 "acceptance of dE = [-8, -4, 0, 4, 8] at beta = 0.25")
    assert_close(ising.acceptance_prob(4.0, 0.5), math.exp(-2.0), "acceptance of dE = 4 at beta = 0.5")
    assert_close(ising.acceptance_prob(dE.reshape(1, 5), 0.0), np.ones((1, 5)),
                 "acceptance at beta = 0 (infinite temperature), a (1, 5) array of dE")


@pytest.mark.task("acceptance_prob")
@given(dE=st.lists(st.floats(-30.0, 30.0), min_size=1, max_size=8), beta=st.floats(0.0, 3.0))
@example(dE=[-2.0, 2.0], beta=0.5)
def test_acceptance_satisfies_detailed_balance(dE, beta):
    """p(dE) / p(-dE) = exp(-beta dE) (detailed balance) and 0 <= p <= 1.

    Hint: exactly one of a move and its reverse is uphill; the downhill one has p = 1.
    """
    dE = np.array(dE)
    forward = assert_shape(ising.acceptance_prob(dE, beta), dE.shape, f"acceptance of an array of dE at beta = {beta}")
    backward = as_array(ising.acceptance_prob(-dE, beta), "acceptance of -dE")
    assert np.all((forward >= 0) & (forward <= 1)), f"an acceptance probability outside [0, 1]: {forward}"
    assert_close(forward, backward * np.exp(-beta * dE),
                 f"detailed balance p(dE) = p(-dE) exp(-beta dE) at beta = {beta}", rtol=1e-9, atol=0.0)


@pytest.mark.task("acceptance_prob")
def test_acceptance_keeps_boltzmann_stationary():
    """With your acceptance, single-flip Metropolis leaves the Boltzmann distribution of the 3x3 lattice invariant.

    Builds the exact 512 x 512 transition matrix of one attempt (exact dE, your acceptance
    probability of a (512, 9) array of dE) at beta = 0.4 and beta = 1 and checks pi P = pi.

    Hint: the acceptance of every entry of a 2-D array of dE must satisfy detailed balance,
    p(dE) = p(-dE) exp(-beta dE), with 0 <= p <= 1.
    """
    for beta in (0.4, 1.0):
        P, states = transition_matrix(oracle_delta_energy, ising.acceptance_prob, beta)
        assert_stationary(P, states, beta, f"Metropolis with your acceptance_prob at beta = {beta}")


@pytest.mark.task("acceptance_prob")
def test_acceptance_rejects_negative_beta():
    """A negative inverse temperature raises ValueError.

    Hint: beta = 1/T >= 0; check it before computing.
    """
    assert_raises_value_error(ising.acceptance_prob, np.array([1.0, -1.0]), -0.5,
                              what="acceptance_prob with beta = -0.5")


# ---------------------------------------------------------------------------- metropolis_sweep

def random_batch(seed, chains=8, L=4):
    return np.random.default_rng(seed).choice(np.array([-1, 1]), size=(chains, L, L))


def sweep(spins, beta, rng):
    """The student's metropolis_sweep, calling the oracles instead of their other graded functions."""
    with ising.oracles(**GRADED_ORACLES):
        return ising.metropolis_sweep(spins, beta, rng)


def sampled_averages(L, T, chains, burn_in, n_sweeps, seed):
    """Per-chain time averages of E/N and |m| over n_sweeps sweeps after burn_in, from random starts."""
    rng = np.random.default_rng(seed)
    spins = rng.choice(np.array([-1, 1]), size=(chains, L, L))
    for _ in range(burn_in):
        spins = sweep(spins, 1 / T, rng)
    energy, abs_m = np.zeros(chains), np.zeros(chains)
    for _ in range(n_sweeps):
        spins = np.asarray(sweep(spins, 1 / T, rng))
        energy += vectorised_energy(spins) / L**2 / n_sweeps
        abs_m += np.abs(spins.mean(axis=(1, 2))) / n_sweeps
    return {"<E>/N": energy, "<|m|>": abs_m}


def assert_exact_averages(L, T, chain_means):
    """Each sampled average within 5 standard errors (of the independent chain means) of the exact one."""
    exact = dict(zip(("<E>/N", "<|m|>"), exact_averages(L, T)))
    for name, means in chain_means.items():
        error = means.std(ddof=1) / np.sqrt(len(means))
        off = (means.mean() - exact[name]) / error
        assert abs(off) < 5, (
            f"{name} of {L}x{L} lattices at T = {T}: sampled {means.mean():.4f} +- {error:.4f} (one standard "
            f"error over {len(means)} chains), exact {exact[name]:.4f}; off by {abs(off):.1f} standard errors")


@pytest.mark.task("metropolis_sweep")
@pytest.mark.parametrize("L", [4, 3])
def test_sweep_returns_a_new_batch_and_is_reproducible(L):
    """A sweep returns a new (C, L, L) batch of +-1 of the same dtype, input untouched, same rng state same result.

    Checked for an even (4x4) and an odd (3x3) lattice.
    Hint: copy the input before flipping, and draw every random number from `rng` (never
    np.random.* global functions).
    """
    spins = random_batch(0, L=L)
    original = spins.copy()
    first = sweep(spins, 0.4, np.random.default_rng(7))
    assert np.array_equal(spins, original), f"metropolis_sweep modified the {L}x{L} batch it was given"
    first_array = assert_shape(first, spins.shape, f"the batch returned by metropolis_sweep for {L}x{L} lattices")
    assert np.asarray(first).dtype == spins.dtype, (
        f"the returned spins have dtype {np.asarray(first).dtype}, the input had {spins.dtype}")
    assert np.all(np.abs(first_array) == 1), "a returned spin is not +1 or -1"
    second = sweep(spins, 0.4, np.random.default_rng(7))
    assert np.array_equal(np.asarray(first), np.asarray(second)), (
        f"two sweeps of the same {L}x{L} batch with Generators in the same state gave different results")


@pytest.mark.task("metropolis_sweep")
def test_ground_states_survive_a_cold_sweep():
    """At low temperature (beta = 10) a sweep leaves the all-up and all-down lattices unchanged.

    Every flip of an aligned lattice costs dE = +8 and is accepted with probability e^-80.
    Hint: a flip that costs dE = +8 was accepted at beta = 10: dE = 2 s_ij (sum of the four
    neighbours), and a flip happens only when u < min(1, exp(-beta dE)) with u = rng.random().
    """
    spins = np.concatenate([np.ones((4, 4, 4), dtype=np.int64), -np.ones((4, 4, 4), dtype=np.int64)])
    result = as_array(sweep(spins, 10.0, np.random.default_rng(1)), "swept ground states")
    flipped = int(np.sum(result != spins))
    assert flipped == 0, f"{flipped} of {spins.size} spins flipped in ground states at beta = 10"


@pytest.mark.task("metropolis_sweep")
def test_infinite_temperature_sweep_makes_L_squared_flips():
    """At beta = 0 every one of the L*L attempts per chain is accepted.

    A sweep that visits every site once (sequential or checkerboard) then flips every
    spin; one that picks L*L sites at random leaves a site flipped with probability
    (1 - (1 - 2/N)^N) / 2 = 0.4410 (N = 16), checked over 512 chains within 5 sigma.
    Hint: at beta = 0 the acceptance min(1, exp(-beta dE)) is 1, so the spins one sweep
    flips count its attempts: re-read in the docstring of metropolis_sweep how many attempts
    a sweep makes per chain, and how each attempt is accepted.
    """
    spins = random_batch(2, chains=512)
    result = as_array(sweep(spins, 0.0, np.random.default_rng(3)), "swept chains")
    if np.array_equal(result, -spins):
        return
    flipped = result != spins
    fraction = np.mean(flipped, axis=(1, 2))
    n = spins.shape[1] * spins.shape[2]
    expected = (1 - (1 - 2 / n) ** n) / 2
    sigma = max(fraction.std(ddof=1), 1 / n) / np.sqrt(len(fraction))
    same_sites = " (every chain flipped the same sites)" if (flipped == flipped[0]).all() else ""
    assert abs(fraction.mean() - expected) < 5 * sigma, (
        f"at beta = 0 one sweep flipped {fraction.mean():.4f} of the spins{same_sites}: neither 1 "
        f"(each site visited once) nor {expected:.4f} +- {5 * sigma:.4f} (16 sites drawn at random "
        f"independently in each of the 512 chains of 4x4 lattices)")


@pytest.mark.task("metropolis_sweep")
def test_sweeps_sample_the_exact_4x4_averages_at_T_2_5():
    """Chains of 4x4 lattices at T = 2.5 reproduce the exact <E>/N = -1.3791 and <|m|> = 0.7647.

    128 chains from random starts, 20 sweeps of burn-in, then the average over 60 sweeps of
    each chain; the chain averages are independent, so their mean must lie within 5 standard
    errors of the exact enumeration over all 2^16 states.
    Hint: the sweeps do not sample the Boltzmann distribution at T = 2.5: each attempt must
    flip with probability min(1, exp(-beta dE)), dE = 2 s_ij (sum of the four periodic
    neighbours) taken from the current spins; a checkerboard updates one colour at a time.
    """
    assert_exact_averages(4, 2.5, sampled_averages(4, 2.5, chains=128, burn_in=20, n_sweeps=60, seed=2025))


@pytest.mark.task("metropolis_sweep")
def test_sweeps_of_an_odd_lattice_sample_the_exact_3x3_averages():
    """Chains of 3x3 lattices at T = 2.5 reproduce the exact <E>/N = -1.4621 and <|m|> = 0.8169.

    An odd lattice: 128 chains from random starts, 20 sweeps of burn-in, then the average
    over 60 sweeps of each chain, within 5 standard errors of the exact enumeration over all
    2^9 states.
    Hint: the sweeps do not sample the Boltzmann distribution of an odd (3x3) lattice; re-read
    what the docstring of metropolis_sweep says about odd L.  A two-colour checkerboard is
    valid for even L only: on an odd torus sites (i, 0) and (i, L-1) are neighbours of the
    same colour.
    """
    assert_exact_averages(3, 2.5, sampled_averages(3, 2.5, chains=128, burn_in=20, n_sweeps=60, seed=2026))


@pytest.mark.task("metropolis_sweep")
def test_sweep_rejects_bad_input():
    """A lattice that is not a batch (C, L, L) of square lattices of +-1, or a negative beta, raises ValueError.

    Hint: call the given _check_spins(spins, ndim=3) and check beta >= 0.
    """
    rng = np.random.default_rng(0)
    cases = {
        "one (4, 4) lattice without a batch axis": (np.ones((4, 4), dtype=np.int64), 0.4),
        "a batch of 3x4 (non-square) lattices": (np.ones((2, 3, 4), dtype=np.int64), 0.4),
        "a batch of 1x1 lattices (L < 2)": (np.ones((2, 1, 1), dtype=np.int64), 0.4),
        "spins 0/1 instead of -1/+1": ((random_batch(0) + 1) // 2, 0.4),
        "beta = -0.4": (random_batch(0), -0.4),
    }
    for what, (spins, beta) in cases.items():
        with ising.oracles(**GRADED_ORACLES):
            assert_raises_value_error(ising.metropolis_sweep, spins, beta, rng, what=f"metropolis_sweep of {what}")
