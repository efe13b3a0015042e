"""Graded tests of week 4, ising.py: the Metropolis acceptance probability and sweeps.

Oracles live in _ising_oracles.py: exact enumeration of the 4x4 periodic lattice, and the
exact one-attempt Metropolis transition matrix of the 3x3 lattice.
"""

import math

import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from _ising_oracles import (assert_stationary, exact_averages, oracle_delta_energy, transition_matrix,
                            vectorised_energy)
from autograder.checks import as_array, assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

ising = submission_module("week04_cnn_ising", "ising.py")


# ---------------------------------------------------------------------------- acceptance_prob

@pytest.mark.task("acceptance_prob")
def test_acceptance_of_worked_examples():
    """Downhill moves are always accepted; uphill ones with exp(-beta dE); at beta = 0 all are.

    Hint: min(1, exp(-beta dE)) elementwise: use np.minimum (Python's min does not work on
    arrays), and beta multiplies dE (it is 1/T).
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
    probability) at beta = 0.4 and beta = 1 and checks pi P = pi.
    Hint: min(1, exp(-beta dE)), with the minus sign: exp(+beta dE) favours high energies.
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


@pytest.mark.task("metropolis_sweep")
def test_sweep_returns_a_new_batch_and_is_reproducible():
    """A sweep returns a new (C, L, L) batch of +-1 of the same dtype, input untouched, same rng state same result.

    Hint: copy the input before flipping, and draw every random number from `rng` (never
    np.random.* global functions).
    """
    spins = random_batch(0)
    original = spins.copy()
    first = ising.metropolis_sweep(spins, 0.4, np.random.default_rng(7))
    assert np.array_equal(spins, original), "metropolis_sweep modified the batch it was given"
    first_array = assert_shape(first, spins.shape, "the batch returned by metropolis_sweep")
    assert np.asarray(first).dtype == spins.dtype, (
        f"the returned spins have dtype {np.asarray(first).dtype}, the input had {spins.dtype}")
    assert np.all(np.abs(first_array) == 1), "a returned spin is not +1 or -1"
    second = ising.metropolis_sweep(spins, 0.4, np.random.default_rng(7))
    assert np.array_equal(np.asarray(first), np.asarray(second)), (
        "two sweeps from the same batch with Generators in the same state gave different results")


@pytest.mark.task("metropolis_sweep")
def test_ground_states_survive_a_cold_sweep():
    """At low temperature (beta = 10) a sweep leaves the all-up and all-down lattices unchanged.

    Every flip of an aligned lattice costs dE = +8 and is accepted with probability e^-80.
    Hint: flip when u < p with u = rng.random(), p = min(1, exp(-beta dE)).
    """
    spins = np.concatenate([np.ones((4, 4, 4), dtype=np.int64), -np.ones((4, 4, 4), dtype=np.int64)])
    result = as_array(ising.metropolis_sweep(spins, 10.0, np.random.default_rng(1)), "swept ground states")
    flipped = int(np.sum(result != spins))
    assert flipped == 0, f"{flipped} of {spins.size} spins flipped in ground states at beta = 10"


@pytest.mark.task("metropolis_sweep")
def test_infinite_temperature_sweep_makes_L_squared_flips():
    """At beta = 0 every one of the L*L attempts per chain is accepted.

    A sweep that visits every site once (sequential or checkerboard) then flips every
    spin; one that picks L*L sites at random leaves a site flipped with probability
    (1 - (1 - 2/N)^N) / 2 = 0.4410 (N = 16), checked over 512 chains within 5 sigma.
    Hint: one sweep is L*L attempts per chain, not L*L/2; in a random-site sweep every chain
    draws its own sites (the chains are independent).
    """
    spins = random_batch(2, chains=512)
    result = as_array(ising.metropolis_sweep(spins, 0.0, np.random.default_rng(3)), "swept chains")
    if np.array_equal(result, -spins):
        return
    fraction = np.mean(result != spins, axis=(1, 2))
    n = spins.shape[1] * spins.shape[2]
    expected = (1 - (1 - 2 / n) ** n) / 2
    sigma = max(fraction.std(ddof=1), 1 / n) / np.sqrt(len(fraction))
    assert abs(fraction.mean() - expected) < 5 * sigma, (
        f"at beta = 0 the fraction of flipped spins after one sweep is {fraction.mean():.4f}: "
        f"neither 1 (each site visited once) nor {expected:.4f} +- {5 * sigma:.4f} "
        f"(16 sites drawn at random)")


@pytest.mark.task("metropolis_sweep")
def test_sweeps_sample_the_exact_4x4_averages_at_T_2_5():
    """Chains of 4x4 lattices at T = 2.5 reproduce the exact <E>/N = -1.3791 and <|m|> = 0.7647.

    256 chains from random starts, 20 sweeps of burn-in, then the average over 100 sweeps of
    each chain; the chain averages are independent, so their mean must lie within 5 standard
    errors of the exact enumeration over all 2^16 states.
    Hint: periodic neighbours, dE = 2 s_ij (sum of neighbours), acceptance min(1, exp(-beta dE)),
    and in a checkerboard sweep update one colour at a time with the latest spins.
    """
    T, chains, burn_in, n_sweeps = 2.5, 256, 20, 100
    rng = np.random.default_rng(2025)
    spins = rng.choice(np.array([-1, 1]), size=(chains, 4, 4))
    for _ in range(burn_in):
        spins = ising.metropolis_sweep(spins, 1 / T, rng)
    energy, abs_m = np.zeros(chains), np.zeros(chains)
    for _ in range(n_sweeps):
        spins = np.asarray(ising.metropolis_sweep(spins, 1 / T, rng))
        energy += vectorised_energy(spins) / 16 / n_sweeps
        abs_m += np.abs(spins.mean(axis=(1, 2))) / n_sweeps
    exact_energy, exact_abs_m = exact_averages(4, T)
    for name, chain_means, exact in (("<E>/N", energy, exact_energy), ("<|m|>", abs_m, exact_abs_m)):
        error = chain_means.std(ddof=1) / np.sqrt(chains)
        assert abs(chain_means.mean() - exact) < 5 * error, (
            f"{name} at T = {T}: sampled {chain_means.mean():.4f} +- {error:.4f} (one standard error), "
            f"exact {exact:.4f}; off by {abs(chain_means.mean() - exact) / error:.1f} standard errors")


@pytest.mark.task("metropolis_sweep")
def test_sweep_rejects_bad_input():
    """A single lattice instead of a batch (C, L, L), or a negative beta, raises ValueError.

    Hint: call the given _check_spins(spins, ndim=3) and check beta >= 0.
    """
    rng = np.random.default_rng(0)
    assert_raises_value_error(ising.metropolis_sweep, np.ones((4, 4), dtype=np.int64), 0.4, rng,
                              what="metropolis_sweep of one (4, 4) lattice without a batch axis")
    assert_raises_value_error(ising.metropolis_sweep, random_batch(0), -0.4, rng,
                              what="metropolis_sweep with beta = -0.4")
