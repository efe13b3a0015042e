"""Graded tests of week 4, ising.py: energies, magnetisation, single flips and Metropolis.

Oracles live in _ising_oracles.py: explicit bond sums, exact enumeration of the 3x3 and
4x4 periodic lattices, and the exact one-attempt Metropolis transition matrix.
"""

import math

import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from _ising_oracles import (boltzmann, checkerboard, energy_by_bonds, exact_averages,
                            metropolis_acceptance, oracle_delta_energy, transition_matrix,
                            vectorised_energy)
from autograder.checks import as_array, assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

ising = submission_module("week04_cnn_ising", "ising.py")


@st.composite
def lattices(draw, batch_shapes=((),), min_side=3, max_side=6):
    """A random +-1 integer array (*batch, L, L) with the batch shape drawn from `batch_shapes`."""
    batch = draw(st.sampled_from(batch_shapes))
    L = draw(st.integers(min_side, max_side))
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).choice(np.array([-1, 1]), size=(*batch, L, L))


def one_flipped(L, i=1, j=1):
    """All spins up except s_ij = -1."""
    spins = np.ones((L, L), dtype=np.int64)
    spins[i, j] = -1
    return spins


def assert_stationary(P, states, beta, what):
    """Entries of P are probabilities and the Boltzmann distribution satisfies pi P = pi."""
    assert P.min() >= -1e-12 and P.max() <= 1 + 1e-12, (
        f"{what}: a transition probability lies outside [0, 1] (smallest {P.min():.6g}, "
        f"largest {P.max():.6g}): an acceptance probability above 1 or below 0")
    pi = boltzmann(states, beta)
    assert_close(pi @ P, pi, f"{what}: pi P = pi for the Boltzmann distribution pi", rtol=1e-9, atol=1e-15)


# ---------------------------------------------------------------------------- ising_energy

@pytest.mark.task("ising_energy")
def test_energy_of_ground_states_and_neel_state():
    """All spins aligned have E = -2 J L^2; the checkerboard has E = +2 J L^2; one flip costs 8 J.

    Hint: with periodic boundaries an L x L lattice has 2 L^2 bonds, each counted once
    (sum s_ij (s_{i+1,j} + s_{i,j+1}), indices mod L); re-read the docstring of ising_energy.
    """
    cases = [
        ("all up, 3x3", np.ones((3, 3), dtype=np.int64), 1.0, -18.0),
        ("all down, 4x4", -np.ones((4, 4), dtype=np.int64), 1.0, -32.0),
        ("checkerboard, 4x4", checkerboard(4), 1.0, 32.0),
        ("3x3 all up but s_11 = -1", one_flipped(3), 1.0, -10.0),
        ("all up, 4x4, J = 0.5", np.ones((4, 4), dtype=np.int64), 0.5, -16.0),
        ("checkerboard, 4x4, J = -1 (antiferromagnet)", checkerboard(4), -1.0, -32.0),
    ]
    for name, spins, J, expected in cases:
        assert_close(ising.ising_energy(spins, J=J), expected, f"energy of the {name} lattice")


@pytest.mark.task("ising_energy")
@given(spins=lattices(batch_shapes=((), (3,), (2, 3))), J=st.sampled_from([1.0, -1.0, 0.75]))
@example(spins=np.array([[1, 1, -1, -1], [1, -1, -1, 1], [-1, 1, 1, 1], [1, 1, -1, 1]]), J=1.0)
def test_energy_matches_the_bond_sum_for_batches(spins, J):
    """E equals -J times the sum over the 2 L^2 bonds for every lattice of a batch (..., L, L).

    Hint: reduce over the last two axes only, so that a batch of shape (..., L, L) gives
    energies of shape (...).
    """
    flat = spins.reshape(-1, *spins.shape[-2:])
    expected = np.array([energy_by_bonds(lattice, J) for lattice in flat]).reshape(spins.shape[:-2])
    assert_close(ising.ising_energy(spins, J=J), expected,
                 f"energies of a batch of shape {spins.shape}", rtol=1e-12, atol=1e-9)


@pytest.mark.task("ising_energy")
@given(spins=lattices(), shift=st.tuples(st.integers(0, 5), st.integers(0, 5)))
def test_energy_is_invariant_under_lattice_symmetries(spins, shift):
    """E is unchanged by a global spin flip, a translation and a 90-degree rotation of the lattice.

    Hint: every site must have the same four neighbours, including those across the periodic
    boundary.
    """
    energy = as_array(ising.ising_energy(spins), "energy")
    for name, image in (("global spin flip", -spins),
                        (f"translation by {shift}", np.roll(spins, shift, axis=(0, 1))),
                        ("rotation by 90 degrees", np.rot90(spins))):
        assert_close(ising.ising_energy(image), energy, f"energy after a {name}", rtol=1e-12, atol=1e-9)


@pytest.mark.task("ising_energy")
def test_energy_rejects_bad_lattices():
    """A non-square lattice or a spin other than +1/-1 raises ValueError.

    Hint: call the given _check_spins(spins) first.
    """
    assert_raises_value_error(ising.ising_energy, np.ones((3, 4), dtype=np.int64),
                              what="ising_energy of a 3x4 (non-square) lattice")
    assert_raises_value_error(ising.ising_energy, np.array([[1, 0, 1], [1, 1, 1], [0, 1, 1]]),
                              what="ising_energy of spins 0/1")


# ---------------------------------------------------------------------------- magnetization

@pytest.mark.task("magnetization")
def test_magnetization_of_simple_lattices():
    """m = +1 all up, -1 all down, 0 for the checkerboard, 14/16 for one flipped spin in 4x4.

    Hint: m is the signed mean spin of each configuration of the batch (mean over the last
    two axes), not its absolute value and not the total.
    """
    batch = np.stack([np.ones((4, 4), dtype=np.int64), -np.ones((4, 4), dtype=np.int64),
                      checkerboard(4), one_flipped(4)])
    assert_close(ising.magnetization(batch), [1.0, -1.0, 0.0, 0.875],
                 "magnetisation of [all up, all down, checkerboard, one flip] (4x4 lattices)")


@pytest.mark.task("magnetization")
@given(spins=lattices(batch_shapes=((), (4,), (2, 3))))
def test_magnetization_is_the_mean_spin_of_each_lattice(spins):
    """m of every lattice in a batch (..., L, L) is its sum of spins divided by L^2."""
    L = spins.shape[-1]
    expected = spins.sum(axis=(-2, -1)) / L**2
    assert_close(ising.magnetization(spins), expected, f"magnetisation of a batch of shape {spins.shape}")
    assert_close(ising.magnetization(-spins), -expected,
                 "magnetisation after a global spin flip (m changes sign)")


@pytest.mark.task("magnetization")
def test_magnetization_rejects_non_square_lattices():
    """A non-square lattice raises ValueError.

    Hint: call the given _check_spins(spins) first.
    """
    assert_raises_value_error(ising.magnetization, np.ones((2, 3, 4), dtype=np.int64),
                              what="magnetization of a batch of 3x4 lattices")


# ---------------------------------------------------------------------------- delta_energy

@pytest.mark.task("delta_energy")
def test_delta_energy_of_worked_examples():
    """Flipping a spin of the all-up lattice costs 8 J, at a corner too; in the checkerboard it gains 8 J.

    Hint: dE = 2 J s_ij (sum of the four neighbours), with neighbours across the periodic
    boundary (indices mod L); re-read the docstring of delta_energy.
    """
    up = np.ones((4, 4), dtype=np.int64)
    corner = np.array([[1, -1, 1, 1], [-1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, -1]])
    cases = [
        ("all up 4x4, site (1, 2)", up, (1, 2), 1.0, 8.0),
        ("all up 4x4, corner site (0, 0)", up, (0, 0), 1.0, 8.0),
        ("all up 4x4, site (3, 3), J = 0.5", up, (3, 3), 0.5, 4.0),
        ("checkerboard 4x4, site (0, 3)", checkerboard(4), (0, 3), 1.0, -8.0),
        ("all up 3x3 but s_11 = -1, site (1, 1)", one_flipped(3), (1, 1), 1.0, -8.0),
        ("all up 3x3 but s_11 = -1, its neighbour (0, 1)", one_flipped(3), (0, 1), 1.0, 4.0),
        (f"corner (0, 0) of {corner.tolist()}", corner, (0, 0), 1.0, 0.0),
    ]
    for name, spins, (i, j), J, expected in cases:
        assert_close(ising.delta_energy(spins, i, j, J=J), expected, f"dE of flipping a spin, {name}")


@pytest.mark.task("delta_energy")
@given(spins=lattices())
@example(spins=np.array([[1, -1, 1], [-1, -1, 1], [1, 1, -1]]))
def test_delta_energy_equals_the_energy_difference_at_every_site(spins):
    """dE at every site equals E(lattice with that spin flipped) - E(lattice), and spins are untouched.

    Hint: the four neighbours of (i, j) are (i +- 1 mod L, j) and (i, j +- 1 mod L); flip a
    copy, never the caller's array.
    """
    original = spins.copy()
    L = len(spins)
    found = np.array([[ising.delta_energy(spins, i, j) for j in range(L)] for i in range(L)], dtype=float)
    expected = np.array([[oracle_delta_energy(original, i, j) for j in range(L)] for i in range(L)])
    assert np.array_equal(spins, original), "delta_energy modified the lattice it was given"
    assert_close(found, expected, f"dE of flipping each site of a {L}x{L} lattice", rtol=1e-12, atol=1e-9)


@pytest.mark.task("delta_energy")
def test_metropolis_with_delta_energy_keeps_boltzmann_stationary():
    """With your dE, single-flip Metropolis leaves the Boltzmann distribution of the 3x3 lattice invariant.

    Builds the exact 512 x 512 transition matrix of one attempt (site chosen with probability
    1/9, acceptance min(1, exp(-beta dE)) from your delta_energy) and checks pi P = pi.
    Hint: dE must be exactly E(after) - E(before): a factor 2 too small samples the wrong
    temperature.
    """
    beta = 0.4
    P, states = transition_matrix(ising.delta_energy, metropolis_acceptance, beta)
    assert_stationary(P, states, beta, f"Metropolis with your delta_energy at beta = {beta}")


@pytest.mark.task("delta_energy")
def test_delta_energy_rejects_sites_outside_the_lattice():
    """A site with i or j outside 0 ... L-1, or a non-square lattice, raises ValueError.

    Hint: check 0 <= i < L and 0 <= j < L yourself; (i + 1) % L would silently wrap i = L.
    """
    spins = np.ones((4, 4), dtype=np.int64)
    assert_raises_value_error(ising.delta_energy, spins, 4, 0, what="delta_energy at site (4, 0) of a 4x4 lattice")
    assert_raises_value_error(ising.delta_energy, spins, 1, 4, what="delta_energy at site (1, 4) of a 4x4 lattice")
    assert_raises_value_error(ising.delta_energy, np.ones((3, 4), dtype=np.int64), 1, 1,
                              what="delta_energy on a 3x4 (non-square) lattice")


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
