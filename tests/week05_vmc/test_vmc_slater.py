"""Week 5, task slater_log_psi: the Slater determinant of n electrons, as (sign, log|det|).

Orbitals are written here with jax.numpy (_vmc_oracles.py): 1s, 2s, 2p_x, 2p_z hydrogen-like
orbitals for 4 electrons and three Gaussians on different centres for 3 electrons.  The
oracle builds Phi by a Python loop and takes numpy.linalg.slogdet.
"""

import functools

import jax.numpy as jnp
import numpy as np
import pytest
from _vmc_oracles import (ORBITAL_SETS, electron_positions, number_pair, orbital_matrix, permutation_sign,
                          plane_orbitals, seeds)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager

vmc = submission_module("week05_vmc", "vmc.py")

orbital_sets = st.sampled_from(sorted(ORBITAL_SETS))


@st.composite
def permuted_systems(draw):
    """An orbital set's name and a permutation of its n electrons."""
    name = draw(orbital_sets)
    return name, draw(st.permutations(range(ORBITAL_SETS[name][1])))
FAR_BELOW = 20.0  # log|det| of coincident electrons: at least this far below the value apart (e^-20 ~ 2e-9)


def slater(orbitals, r):
    """The submitted (sign, log|det|) as two floats (compiled once per orbital set where it can be)."""
    return number_pair(_slater(orbitals, vmc.slater_log_psi)(jnp.asarray(r, dtype=float)), "slater_log_psi",
                       ("sign", "log|det Phi|"))


@functools.cache
def _slater(orbitals, slater_log_psi):
    return traced_or_eager(lambda r: slater_log_psi(orbitals, r))


@pytest.mark.task("slater_log_psi")
def test_slater_worked_example_triangle():
    """With orbitals (1, x, y), det Phi is twice the signed area of the electrons' triangle.

    Electrons at (0, 0, 0), (1, 0, 0), (0, 2, 0): Phi = [[1, 0, 0], [1, 1, 0], [1, 0, 2]],
    det = 2, so (sign, log|det|) = (1, log 2).  Swapping the first two electrons gives
    (-1, log 2): the triangle is traversed the other way round.

    Hint: Phi[i, j] = orbitals(r[i])[j] (apply orbitals to one electron at a time); return
    (sign of det, log of |det|), as jnp.linalg.slogdet does.
    """
    r = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 2.0, 0.0]])
    assert_close(slater(plane_orbitals, r), np.array([1.0, np.log(2.0)]),
                 "(sign, log|det|) for electrons at (0,0,0), (1,0,0), (0,2,0) in orbitals (1, x, y)")
    assert_close(slater(plane_orbitals, r[[1, 0, 2]]), np.array([-1.0, np.log(2.0)]),
                 "(sign, log|det|) with the first two electrons swapped")


@pytest.mark.task("slater_log_psi")
def test_slater_rejects_bad_positions():
    """Electron positions that are not an (n, 3) array raise ValueError.

    Hint: r holds one row (x, y, z) per electron; re-read "Raises" in the docstring.
    """
    for shape in [(3, 2), (9,), (1, 3, 3)]:
        assert_raises_value_error(vmc.slater_log_psi, plane_orbitals, np.ones(shape),
                                  what=f"electron positions of shape {shape}")


@pytest.mark.task("slater_log_psi")
def test_slater_rejects_a_wrong_number_of_orbitals():
    """n electrons need exactly n orbitals: a matrix Phi that is not square raises ValueError.

    The three orbitals (1, x, y) with 2 or with 4 electrons give Phi of shape (2, 3) or (4, 3).

    Hint: Phi[i, j] = orbitals(r[i])[j] must be n x n; re-read "Raises" in the docstring.
    """
    for n in (2, 4):
        r = electron_positions(seed=0, n=n)
        assert_raises_value_error(vmc.slater_log_psi, plane_orbitals, r,
                                  what=f"{n} electrons in the 3 orbitals (1, x, y) (Phi of shape ({n}, 3))")


@pytest.mark.task("slater_log_psi")
@given(name=orbital_sets, seed=seeds)
@example(name="hydrogenic (4 electrons)", seed=1)
@example(name="Gaussian (3 electrons)", seed=1)
def test_slater_matches_numpy_slogdet(name, seed):
    """(sign, log|det Phi|) agrees with numpy.linalg.slogdet of the orbital matrix.

    Phi[i, j] = orbital j at electron i, built electron by electron; random positions.

    Hint: return what jnp.linalg.slogdet(Phi) returns, Phi[i, j] = orbitals(r[i])[j]: the
    sign of det Phi (+1 or -1) and log|det Phi|, the logarithm of its absolute value.
    """
    orbitals, n = ORBITAL_SETS[name]
    r = electron_positions(seed, n)
    sign, log_abs = np.linalg.slogdet(orbital_matrix(orbitals, r))
    assert_close(slater(orbitals, r), np.array([sign, log_abs]), f"(sign, log|det|), {name} orbitals",
                 rtol=1e-9, atol=1e-9)


@pytest.mark.task("slater_log_psi")
@given(system=permuted_systems(), seed=seeds)
@example(system=("hydrogenic (4 electrons)", [1, 0, 2, 3]), seed=2)
@example(system=("Gaussian (3 electrons)", [2, 0, 1]), seed=2)
def test_slater_is_antisymmetric(system, seed):
    """Pauli principle: permuting the electrons multiplies the determinant by the permutation's sign.

    A swap of two electrons flips the sign and keeps log|det|; a cyclic shift of three keeps
    both.

    Hint: permuting the electrons permutes the rows of Phi, which multiplies det Phi by the
    parity of the permutation: the returned sign must follow it, and log|det| must not change.
    """
    name, permutation = system
    orbitals, n = ORBITAL_SETS[name]
    r = electron_positions(seed, n)
    sign, log_abs = slater(orbitals, r)
    parity = permutation_sign(permutation)
    assert_close(slater(orbitals, r[permutation]), np.array([parity * sign, log_abs]),
                 f"(sign, log|det|) after permuting the electrons by {permutation} (parity {parity:+d}), "
                 f"{name} orbitals", rtol=1e-9, atol=1e-9)


@pytest.mark.task("slater_log_psi")
@given(name=orbital_sets, seed=seeds, pair=st.sampled_from([(0, 1), (0, 2), (1, 2)]))
@example(name="hydrogenic (4 electrons)", seed=3, pair=(0, 1))
def test_slater_vanishes_for_coincident_electrons(name, seed, pair):
    """Pauli exclusion: two electrons at the same point make the determinant vanish.

    Electron j is moved onto electron i: two rows of Phi are equal, so det Phi = 0 up to
    rounding.  Accepted: sign 0 with log|det| = -inf, or log|det| at least 20 below its value
    with the electrons apart (rounding may leave a tiny determinant of either sign).

    Hint: two equal rows make Phi singular: log|det Phi| must then be -inf or, after rounding,
    far below its value with the electrons apart (jnp.linalg.slogdet gives either).
    """
    orbitals, n = ORBITAL_SETS[name]
    r = electron_positions(seed, n)
    _, log_abs_apart = slater(orbitals, r)
    i, j = pair
    r[j] = r[i]
    sign, log_abs = slater(orbitals, r)
    exact_zero = sign == 0 and log_abs == -np.inf
    assert exact_zero or log_abs < log_abs_apart - FAR_BELOW, (
        f"with electrons {i} and {j} at the same point, (sign, log|det|) = ({sign}, {log_abs:.6g}), but "
        f"log|det| = {log_abs_apart:.6g} with them apart: the determinant must vanish ({name} orbitals)")
