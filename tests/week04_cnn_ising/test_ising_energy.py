"""Graded tests of week 4, ising.py: energies, magnetisation and single flips.

Oracles live in _ising_oracles.py: explicit bond sums, and the exact one-attempt Metropolis
transition matrix of the 3x3 periodic lattice.  delta_energy runs with the oracle energy in
place of the student's ising_energy (which a difference of energies may call), so that a
bug in ising_energy does not cost delta_energy.
"""

import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from _ising_oracles import (GRADED_ORACLES, assert_stationary, checkerboard, energy_by_bonds,
                            metropolis_acceptance, oracle_delta_energy, transition_matrix)
from autograder.checks import assert_close, assert_invariant, assert_raises_value_error
from autograder.submission import submission_module

ising = submission_module("week04_cnn_ising", "ising.py")


@st.composite
def lattices(draw, batch_shapes=((),), min_side=3, max_side=6):
    """A random +-1 integer array (*batch, L, L) with the batch shape drawn from `batch_shapes`."""
    batch = draw(st.sampled_from(batch_shapes))
    L = draw(st.integers(min_side, max_side))
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).choice(np.array([-1, 1]), size=(*batch, L, L))


def delta_energy(spins, i, j, J=1.0):
    """The student's delta_energy, calling the oracle instead of their ising_energy."""
    with ising.oracles(ising_energy=GRADED_ORACLES["ising_energy"]):
        return ising.delta_energy(spins, i, j, J=J)


def one_flipped(L, i=1, j=1):
    """All spins up except s_ij = -1."""
    spins = np.ones((L, L), dtype=np.int64)
    spins[i, j] = -1
    return spins


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
    symmetries = [("a global spin flip", np.negative),
                  (f"a translation by {shift}", lambda spins: np.roll(spins, shift, axis=(0, 1))),
                  ("a rotation by 90 degrees", np.rot90)]
    assert_invariant(ising.ising_energy, spins, symmetries, "energy after a symmetry of the lattice vs before",
                     rtol=1e-12, atol=1e-9)


BAD_LATTICES = {
    "a 3x4 (non-square) lattice": np.ones((3, 4), dtype=np.int64),
    "a 1x1 lattice (L < 2)": np.ones((1, 1), dtype=np.int64),
    "a 1-D array of 9 spins": np.ones(9, dtype=np.int64),
    "spins 0/1 instead of -1/+1": np.array([[1, 0, 1], [1, 1, 1], [0, 1, 1]]),
}


@pytest.mark.task("ising_energy")
def test_energy_rejects_bad_lattices():
    """A non-square lattice, L < 2, fewer than two axes, or a spin other than +1/-1 raises ValueError.

    Hint: call the given _check_spins(spins) first.
    """
    for what, spins in BAD_LATTICES.items():
        assert_raises_value_error(ising.ising_energy, spins, what=f"ising_energy of {what}")


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
def test_magnetization_rejects_bad_lattices():
    """A non-square lattice, L < 2, fewer than two axes, or a spin other than +1/-1 raises ValueError.

    Hint: call the given _check_spins(spins) first.
    """
    for what, spins in BAD_LATTICES.items():
        assert_raises_value_error(ising.magnetization, spins, what=f"magnetization of {what}")


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
        assert_close(delta_energy(spins, i, j, J=J), expected, f"dE of flipping a spin, {name}")


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
    found = np.array([[delta_energy(spins, i, j) for j in range(L)] for i in range(L)], dtype=float)
    expected = np.array([[oracle_delta_energy(original, i, j) for j in range(L)] for i in range(L)])
    assert np.array_equal(spins, original), "delta_energy modified the lattice it was given"
    assert_close(found, expected, f"dE of flipping each site of a {L}x{L} lattice", rtol=1e-12, atol=1e-9)


@pytest.mark.task("delta_energy")
def test_metropolis_with_delta_energy_keeps_boltzmann_stationary():
    """With your dE, single-flip Metropolis leaves the Boltzmann distribution of the 3x3 lattice invariant.

    Builds the exact 512 x 512 transition matrix of one attempt (site chosen with probability
    1/9, acceptance min(1, exp(-beta dE)) from your delta_energy) and checks pi P = pi.

    Hint: detailed balance needs dE = E(after) - E(before) exactly, for every one of the 512
    states and 9 sites.
    """
    beta = 0.4
    P, states = transition_matrix(delta_energy, metropolis_acceptance, beta)
    assert_stationary(P, states, beta, f"Metropolis with your delta_energy at beta = {beta}")


@pytest.mark.task("delta_energy")
def test_delta_energy_rejects_sites_outside_the_lattice():
    """A site with i or j outside 0 ... L-1, or spins that are not one square lattice of +-1, raise ValueError.

    Hint: check 0 <= i < L and 0 <= j < L yourself (a negative index or (i + 1) % L would
    silently wrap around), and call the given _check_spins(spins, ndim=2).
    """
    spins = np.ones((4, 4), dtype=np.int64)
    cases = {
        "site (4, 0) of a 4x4 lattice": (spins, 4, 0),
        "site (1, 4) of a 4x4 lattice": (spins, 1, 4),
        "site (-1, 2) of a 4x4 lattice": (spins, -1, 2),
        "site (2, -1) of a 4x4 lattice": (spins, 2, -1),
        "site (1, 1) of a 3x4 (non-square) lattice": (np.ones((3, 4), dtype=np.int64), 1, 1),
        "site (1, 1) of a batch (2, 4, 4) instead of one lattice": (np.ones((2, 4, 4), dtype=np.int64), 1, 1),
        "site (1, 1) of a lattice of spins 0/1": (np.array([[1, 0, 1], [1, 1, 1], [0, 1, 1]]), 1, 1),
    }
    for what, args in cases.items():
        with ising.oracles(ising_energy=GRADED_ORACLES["ising_energy"]):
            assert_raises_value_error(ising.delta_energy, *args, what=f"delta_energy at {what}")
