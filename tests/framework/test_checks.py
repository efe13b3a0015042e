"""The property helpers of autograder.checks: they pass on correct code, and their failure
names the property (first line), the group element or direction that broke it, and the
evidence."""

import numpy as np
import pytest

from autograder.checks import assert_close, assert_equivariant, assert_gradient, assert_invariant

KERNEL = np.arange(1.0, 10.0).reshape(3, 3)  # asymmetric, so that every offset matters
LATTICE = np.random.default_rng(0).normal(size=(5, 5))
SHIFTS = [(di, dj) for di in range(5) for dj in range(5)]


def periodic_conv(x):
    """out[i, j] = sum_{a, c} w[a, c] x[i + a - 1, j + c - 1], indices mod L."""
    return sum(KERNEL[a, c] * np.roll(x, (1 - a, 1 - c), axis=(0, 1)) for a in range(3) for c in range(3))


def zero_padded_conv(x):
    """The same cross-correlation with zeros outside the lattice: a border breaks translations."""
    padded = np.pad(x, 1)
    return sum(KERNEL[a, c] * padded[a:a + len(x), c:c + len(x)] for a in range(3) for c in range(3))


def translations(shifts):
    return [(f"translation by {shift}", lambda x, s=shift: np.roll(x, s, axis=(0, 1)),
             lambda y, s=shift: np.roll(y, s, axis=(0, 1))) for shift in shifts]


def failure(check, *args, **kwargs) -> list[str]:
    """The lines of the AssertionError that `check` raises."""
    with pytest.raises(AssertionError) as error:
        check(*args, **kwargs)
    return str(error.value).splitlines()


# ------------------------------------------------------------------ assert_equivariant


def test_equivariant_passes_for_a_periodic_convolution():
    assert_equivariant(periodic_conv, LATTICE, translations(SHIFTS), "conv commutes with translations")


def test_equivariant_names_the_first_translation_that_zero_padding_breaks():
    lines = failure(assert_equivariant, zero_padded_conv, LATTICE, translations(SHIFTS),
                    "conv commutes with translations")
    assert lines[0] == "conv commutes with translations"
    assert lines[1].startswith("under translation by (0, 1): expected "), lines[1]
    assert "got" in lines[1] and "at index" in lines[1], lines[1]


def test_equivariant_applies_the_output_action():
    """f(x) = 2x commutes with negation only if the output is negated too."""
    def double(x):
        return 2 * x

    assert_equivariant(double, LATTICE, [("negation", np.negative, np.negative)], "2x is odd")
    lines = failure(assert_equivariant, double, LATTICE, [("identity", lambda x: x, lambda y: y),
                                                          ("negation", np.negative, lambda y: y)], "2x is even")
    assert lines[0] == "2x is even" and lines[1].startswith("under negation: expected "), lines


def test_equivariant_evaluates_f_once_per_element_and_once_at_x():
    calls = []

    def counted(x):
        calls.append(x)
        return periodic_conv(x)

    assert_equivariant(counted, LATTICE, translations(SHIFTS[:4]), "conv commutes with translations")
    assert len(calls) == 5


def test_equivariant_reports_a_wrong_output_shape():
    lines = failure(assert_equivariant, lambda x: x[:, :2], LATTICE,
                    [("transpose", np.transpose, np.transpose)], "transpose commutes")
    assert lines[0] == "transpose commutes" and "under transpose: expected shape (2, 5)" in lines[1], lines


# ------------------------------------------------------------------ assert_invariant


def test_invariant_passes_for_a_sum_under_permutations():
    x = np.arange(6.0)
    assert_invariant(np.sum, x, [("reversal", lambda v: v[::-1]), ("cyclic shift by 2", lambda v: np.roll(v, 2))],
                     "the total is unchanged by a relabelling")


def test_invariant_names_the_element_that_changes_f():
    def weighted_sum(v):
        return np.arange(len(v)) @ v

    x = np.arange(6.0)
    lines = failure(assert_invariant, weighted_sum, x,
                    [("no change", lambda v: v), ("cyclic shift by 1", lambda v: np.roll(v, 1))],
                    "the total is unchanged by a relabelling")
    assert lines[0] == "the total is unchanged by a relabelling"
    assert lines[1].startswith("under cyclic shift by 1: expected 55, got 40"), lines[1]


# ------------------------------------------------------------------ assert_gradient


def energy(x):
    """A smooth scalar with a nontrivial gradient: sum(sin(x) x^2)."""
    return np.sum(np.sin(x) * x**2)


def energy_gradient(x):
    return np.cos(x) * x**2 + 2 * x * np.sin(x)


POINT = np.random.default_rng(1).normal(size=(3, 2))


def test_gradient_passes_for_the_exact_gradient():
    assert_gradient(energy, POINT, energy_gradient(POINT), "grad E is the slope of E")


@pytest.mark.parametrize("bug, wrong", [
    ("sign", lambda x: -energy_gradient(x)),
    ("missing factor 2", lambda x: np.cos(x) * x**2 + x * np.sin(x)),
])
def test_gradient_fails_for_a_wrong_gradient(bug, wrong):
    lines = failure(assert_gradient, energy, POINT, wrong(POINT), "grad E is the slope of E")
    assert lines[0] == "grad E is the slope of E"
    assert lines[1].startswith("slope <gradient, v> along direction 0 vs the central difference: expected "), lines
    assert ", got " in lines[1]


def test_gradient_names_the_direction_that_exposes_the_error():
    """Only the second component is wrong: the first coordinate direction passes, the second fails."""
    x = np.array([0.3, -1.2])
    wrong = energy_gradient(x) * np.array([1.0, 2.0])
    lines = failure(assert_gradient, energy, x, wrong, "grad E is the slope of E", directions=np.eye(2))
    assert lines[1].startswith("slope <gradient, v> along direction 1 "), lines


def linear(X, W, b):
    return X @ W + b


def linear_problem():
    rng = np.random.default_rng(2)
    X, W, b, dY = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=(4, 2))
    return (X, W, b), dY, (dY @ W.T, X.T @ dY, dY.sum(axis=0))


def test_gradient_checks_a_vector_jacobian_product_of_several_arguments():
    x, dY, (dX, dW, db) = linear_problem()
    assert_gradient(linear, x, (dX, dW, db), "backward of an affine layer", cotangent=dY)
    lines = failure(assert_gradient, linear, x, (dX, -dW, db), "backward of an affine layer", cotangent=dY)
    assert lines[0] == "backward of an affine layer" and "along direction 0" in lines[1], lines
    lines = failure(assert_gradient, linear, x, (dX, dW, db / 4), "backward of an affine layer", cotangent=dY)
    assert "along direction 0" in lines[1], lines


def test_gradient_reports_a_wrong_layout_or_count():
    x, dY, (dX, dW, db) = linear_problem()
    lines = failure(assert_gradient, linear, x, (dX, dW.T, db), "backward of an affine layer", cotangent=dY)
    assert lines == ["backward of an affine layer",
                     "the gradient of argument 1: expected shape (3, 2), got shape (2, 3)"]
    lines = failure(assert_gradient, linear, x, (dX, dW), "backward of an affine layer", cotangent=dY)
    assert lines[1] == "expected 3 gradients, one per argument of f, got 2"
    lines = failure(assert_gradient, linear, x, None, "backward of an affine layer", cotangent=dY)
    assert lines[1] == "expected 3 gradients, one per argument of f, got None"


def test_gradient_draws_the_directions_from_rng_in_argument_order():
    """The week tests rely on it: directions drawn by the helper equal the test's own draws."""
    x, dY, grads = linear_problem()
    moves = []

    def recording(X, W, b):
        moves.append((X, W, b))
        return linear(X, W, b)

    assert_gradient(recording, x, grads, "backward of an affine layer", cotangent=dY,
                    rng=np.random.default_rng(7), n_directions=1)
    rng = np.random.default_rng(7)
    for moved, a in zip(moves[0], x):
        np.testing.assert_allclose((moved - a) / 1e-6, rng.normal(size=a.shape), rtol=1e-8, atol=1e-8)


def test_float32_inputs_get_a_larger_step_and_looser_tolerance():
    x = POINT.astype(np.float32)
    exact = energy_gradient(x.astype(float))
    assert_gradient(energy, x, exact, "grad E is the slope of E in float32")
    with pytest.raises(AssertionError):  # float64's step and tolerance fail a correct float32 gradient
        assert_gradient(energy, x, exact, "grad E is the slope of E in float32", eps=1e-6, rtol=1e-6, atol=1e-6)
    lines = failure(assert_gradient, energy, x, 0.5 * exact, "grad E is the slope of E in float32")
    assert lines[0] == "grad E is the slope of E in float32" and "(tolerance 0.01 + 0.01*|expected|)" in lines[1]


# ------------------------------------------------------------------ assert_close


ASCENT = {"a step uphill, x + lr g (a sign error)": [1.0, 1.5, 2.25]}


def test_close_names_a_known_bug_only_when_the_answer_is_exactly_that_bug():
    lines = failure(assert_close, [1.0, 1.5, 2.25], [1.0, 0.5, 0.25], "the trajectory", known_bugs=ASCENT)
    assert lines[0].startswith("the trajectory: expected 0.25, got 2.25 at index (2,)")
    assert lines[-1] == "That is exactly what a step uphill, x + lr g (a sign error) gives."
    other = failure(assert_close, [1.0, 1.5, 2.0], [1.0, 0.5, 0.25], "the trajectory", known_bugs=ASCENT)
    assert not any("exactly what" in line for line in other)


def test_close_passes_a_right_answer_whatever_the_known_bugs():
    assert_close([1.0, 0.5, 0.25], [1.0, 0.5, 0.25], "the trajectory", known_bugs=ASCENT)
