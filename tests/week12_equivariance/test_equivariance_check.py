"""Week 12, task equivariance_error: the equivariance check itself.

The check is tested on a zoo of functions with known symmetries (_equivariance_oracles.py):
invariants (distances, an energy, the radius of gyration), vectors (positions relative to
the centroid, a pair force), positions (the identity, a step towards the centroid, the
centroid), and functions that break part of E(3): absolute coordinates, a fixed axis, a
mirror-only symmetry, a chiral volume and a cross product (not symmetric under
reflections), a scaling about the origin (not under translations).  Group elements are the
test's own rotations and reflections.  The expected values come from the definition,
written in numpy.
"""

import numpy as np
import pytest
from _equivariance_oracles import (E_Z, GENERIC_ROTATION, MIRROR_Z, QUARTER_TURN_Z, ZOO, clusters, describe,
                                   equivariance_error_oracle, orthogonal_matrices, translations, zoo_cases)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error
from autograder.submission import submission_module

equivariance = submission_module("week12_equivariance", "equivariance.py")

SYMMETRIC = [(name, kind) for name, (_, kinds) in ZOO.items() for kind in sorted(kinds)]
EXAMPLE = np.array([[0.0, 0, 0], [1.1, 0, 0], [0, 1.2, 0], [0, 0, 0.9], [1, 1, 1], [-0.8, 0.3, 0.5]])


def error(f, x, R, t, kind):
    """The student's equivariance error as a float, checked to be a single number."""
    value = equivariance.equivariance_error(f, x, R, t, kind)
    assert value is not None and np.shape(value) == (), (
        f"equivariance_error must return a single number, got {type(value).__name__} of shape {np.shape(value)}")
    return float(value)


def scale_of(f, x, t):
    """The size of the numbers involved: rounding errors are about 1e-16 times it."""
    return (1 + float(np.max(np.abs(np.asarray(f(x)))))) * (1 + float(np.max(np.abs(t))))


@pytest.mark.task("equivariance_error")
def test_equivariance_error_worked_examples():
    """Worked examples of the three kinds for two atoms x = [(1, 2, 3), (0, 0, 1)] moved by a quarter turn about z and t = (0, 0, -0.5).

    - f = the sum of the z coordinates as "invariant": f(x) = 4, f(moved) = 3, error 1 (the
      largest absolute entry, not a signed one);
    - f = the identity as "vector": f(moved) - f(x) R^T = t, error 0.5; as "position": error 0;
    - f(x) = x + e_z (a shift along a fixed axis) as "position" under the mirror z -> -z:
      f(moved) - (f(x) R^T + t) = 2 e_z, error 2.

    Hint: move the input as x R^T + t (rows are positions); predict f(x) for "invariant",
    f(x) R^T for "vector" and f(x) R^T + t for "position"; return max |difference|.
    """
    x, t = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]]), np.array([0.0, 0.0, -0.5])
    identity = ZOO["identity"][0]
    cases = [(lambda y: y[:, 2].sum(), QUARTER_TURN_Z, "invariant", 1.0, "sum of z coordinates, quarter turn"),
             (identity, QUARTER_TURN_Z, "vector", 0.5, "identity as a vector, quarter turn"),
             (identity, QUARTER_TURN_Z, "position", 0.0, "identity as a position, quarter turn"),
             (lambda y: y + E_Z, MIRROR_Z, "position", 2.0, "x + e_z as a position, mirror z -> -z")]
    for f, R, kind, expected, what in cases:
        assert_close(error(f, x, R, t, kind), expected, f"the equivariance error of the {what}, t = (0, 0, -0.5)",
                     rtol=1e-12, atol=1e-12)


@pytest.mark.task("equivariance_error")
@given(case=st.sampled_from(SYMMETRIC), x=clusters, R=orthogonal_matrices, t=translations)
@example(case=("pair pull", "vector"), x=EXAMPLE, R=QUARTER_TURN_Z, t=np.array([1.0, 2.0, -1.5]))
@example(case=("step towards the centroid", "position"), x=EXAMPLE, R=MIRROR_Z, t=np.array([1.0, 2.0, -1.5]))
def test_equivariance_error_vanishes_for_symmetric_functions(case, x, R, t):
    """Functions that have the symmetry of their kind pass the check: the error is 0 up to rounding.

    The zoo: pair distances, a Lennard-Jones energy, the radius of gyration (invariant);
    positions relative to the centroid, a pair force (vector); the identity, a step towards
    the centroid, the centroid (position); under rotations, reflections and translations.

    Hint: transform the input as x @ R.T + t (not x @ R); a vector ignores t, a position does not.
    """
    name, kind = case
    f = ZOO[name][0]
    value = error(f, x, R, t, kind)
    bound = 1e-11 * scale_of(f, x, t)
    assert abs(value) <= bound, (
        f"the {name} is {kind}, yet its equivariance error is {value:.3g} (rounding is below {bound:.1g}) "
        f"under {describe(R)} and t = {np.round(t, 3).tolist()}")


@pytest.mark.task("equivariance_error")
@given(case=st.sampled_from(zoo_cases()), x=clusters, R=orthogonal_matrices, t=translations)
@example(case=("force along the fixed z axis", "vector"), x=EXAMPLE, R=QUARTER_TURN_Z, t=np.array([1.0, 2.0, -1.5]))
@example(case=("chiral volume", "invariant"), x=EXAMPLE, R=MIRROR_Z, t=np.array([0.0, 0.0, 0.0]))
@example(case=("distances from the origin", "invariant"), x=EXAMPLE, R=np.eye(3), t=np.array([0.5, -1.0, 0.0]))
def test_equivariance_error_follows_its_definition(case, x, R, t):
    """The value of the check is max |f(x R^T + t) - g f(x)| with g f = f, f R^T or f R^T + t by kind, for any function.

    Checked on the whole zoo, symmetric or not, with every kind that fits the function's output.

    Hint: the largest ABSOLUTE entry of the difference (not a mean, a norm or a relative error);
    rotate outputs as f(x) @ R.T, the same as the input.
    """
    name, kind = case
    f = ZOO[name][0]
    expected = equivariance_error_oracle(f, x, R, t, kind)
    assert_close(error(f, x, R, t, kind), expected,
                 f"the equivariance error of the {name} as {kind!r} under {describe(R)} and t = {np.round(t, 3).tolist()}",
                 rtol=1e-8, atol=1e-11 * scale_of(f, x, t))


BROKEN = {
    "absolute coordinates": ("sum of absolute coordinates", "invariant", QUARTER_TURN_Z, [0.0, 0.0, 0.0]),
    "a fixed axis": ("force along the fixed z axis", "vector", GENERIC_ROTATION, [0.0, 0.0, 0.0]),
    "a mirror-only symmetry": ("mirror-symmetric height", "invariant", GENERIC_ROTATION, [0.0, 0.0, 0.0]),
    "chirality under a reflection": ("chiral volume", "invariant", MIRROR_Z, [0.0, 0.0, 0.0]),
    "a pseudovector under a reflection": ("cross product (pseudovector)", "vector", MIRROR_Z, [0.0, 0.0, 0.0]),
    "translation-dependent output": ("scaling about the origin", "position", np.eye(3), [1.0, -2.0, 0.5]),
    "a translation-dependent invariant": ("distances from the origin", "invariant", np.eye(3), [1.0, -2.0, 0.5]),
}


@pytest.mark.task("equivariance_error")
@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_equivariance_error_detects_a_broken_symmetry(broken):
    """The check catches a function that breaks its symmetry: the error is clearly non-zero (> 0.05).

    The cases: absolute coordinates, a fixed axis, a mirror-only symmetry (checked with a
    generic rotation), a chiral volume and a cross product (checked with a mirror), a scaling
    about the origin and distances from the origin (checked with a translation).

    Hint: apply the transformation to the input as x R^T + t and compare with the prediction of
    the kind; a check that passes everything is no check.
    """
    name, kind, R, t = BROKEN[broken]
    t = np.array(t)
    value = error(ZOO[name][0], EXAMPLE, R, t, kind)
    expected = equivariance_error_oracle(ZOO[name][0], EXAMPLE, R, t, kind)
    assert value > 0.05, (f"the {name} breaks its symmetry ({broken}), yet the equivariance error as {kind!r} under "
                          f"{describe(R)} and t = {t.tolist()} is {value:.3g} instead of {expected:.4g}")
    assert_close(value, expected, f"the equivariance error of the {name} as {kind!r} ({broken})", rtol=1e-8)


@pytest.mark.task("equivariance_error")
def test_equivariance_error_rejects_bad_arguments():
    """An unknown kind, or x, R, t of the wrong shapes, raise ValueError.

    Hint: accept exactly the kinds "invariant", "vector" and "position"; x is (N, 3), R (3, 3),
    t (3,); re-read "Raises".
    """
    f, x, R, t = ZOO["identity"][0], EXAMPLE, np.eye(3), np.zeros(3)
    for kind in ["scalar", "Vector", "tensor", ""]:
        assert_raises_value_error(equivariance.equivariance_error, f, x, R, t, kind, what=f"kind = {kind!r}")
    for what, args in [("x of shape (6,)", (np.ones(6), R, t)), ("x of shape (3, 2)", (np.ones((3, 2)), R, t)),
                       ("R of shape (2, 2)", (x, np.eye(2), t)), ("t of shape (2,)", (x, R, np.zeros(2))),
                       ("t of shape (1, 3)", (x, R, np.zeros((1, 3))))]:
        assert_raises_value_error(equivariance.equivariance_error, f, *args, "position", what=what)
