"""Week 1, tasks muller_brown and muller_brown_grad: the surface and its hand-derived gradient."""

import jax
import numpy as np
import pytest
from _descent_oracles import (MINIMA, SADDLES, mb_grad, mb_grad_batch, mb_points,
                              muller_brown_closed_form, unit_directions)
from hypothesis import example, given

from autograder.checks import (as_array, assert_close, assert_gradient, assert_raises_value_error,
                               assert_shape)
from autograder.submission import submission_module

descent = submission_module("week01_gradient_descent", "descent.py")

STATIONARY = np.array([(x, y) for x, y, _ in MINIMA + SADDLES])
STATIONARY_ENERGIES = np.array([v for _, _, v in MINIMA + SADDLES])
# A fixed batch of shape (3, 4, 2) in the plotting window, for the broadcasting tests.
GRID = np.stack(np.meshgrid(np.linspace(-1.5, 1.2, 4), np.linspace(-0.5, 2.0, 3)), axis=-1)
BAD_SHAPES = [(3,), (4, 3), (2, 1), ()]


def _grad_tolerance(expected):
    """Absolute tolerance for a gradient: 1e-9 of its scale (V is O(100), so |grad V| is too)."""
    return 1e-9 * (1.0 + float(np.max(np.abs(expected))))


# ----------------------------------------------------------------------------- muller_brown


@pytest.mark.task("muller_brown")
def test_energies_of_the_known_minima_and_saddles():
    """The Müller-Brown energy at the three minima and two saddles has the published values.

    Hint: re-read the formula in the docstring: four terms, each with its centre (x0_k, y0_k) and cross term b_k dx dy.
    """
    for point, energy in zip(STATIONARY, STATIONARY_ENERGIES):
        value = assert_shape(descent.muller_brown(point), (),
                             f"the energy of one point {point.tolist()} is a scalar")
        assert_close(value, energy, f"V{tuple(point.tolist())}", rtol=1e-9, atol=1e-8)


@pytest.mark.task("muller_brown")
@given(point=mb_points)
@example(point=np.array([-1.0, 1.0]))  # all four terms matter; the cross terms are large
@example(point=np.array([0.5, 1.5]))  # x - x0 and y - y0 differ in sign for every term
def test_energy_matches_closed_form(point):
    """V(x, y) agrees with the closed form of Müller & Brown at any point of the plane.

    Hint: dx = x - x0_k, dy = y - y0_k, exponent a_k dx^2 + b_k dx dy + c_k dy^2 (no factor 2, no minus in front).
    """
    expected = float(muller_brown_closed_form(point))
    assert_close(descent.muller_brown(point), expected, f"V{tuple(point.tolist())}",
                 rtol=1e-10, atol=1e-10)


@pytest.mark.task("muller_brown")
def test_energy_broadcasts_over_leading_axes():
    """The energy of a batch of points (..., 2) is the batch of energies (...).

    Hint: take x = xy[..., 0] and y = xy[..., 1] so that leading axes pass through; re-read "Args" and "Returns".
    """
    expected = np.asarray(muller_brown_closed_form(GRID))
    assert_close(assert_shape(descent.muller_brown(GRID), (3, 4), "V of a (3, 4, 2) grid of points"),
                 expected, "V on a (3, 4, 2) grid", rtol=1e-10, atol=1e-10)
    assert_close(assert_shape(descent.muller_brown(GRID[0]), (4,), "V of a (4, 2) batch"),
                 expected[0], "V of a (4, 2) batch", rtol=1e-10, atol=1e-10)


@pytest.mark.task("muller_brown")
def test_autodiff_finds_minima_and_saddles():
    """jax.grad of the energy vanishes at the stationary points; the Hessian has signature (+,+) at minima and (+,-) at saddles.

    Hint: write muller_brown with jax.numpy only (jnp.exp, not np.exp or math.exp) so that jax.grad can trace it.
    """
    gradients = as_array(jax.jit(jax.vmap(jax.grad(descent.muller_brown)))(STATIONARY),
                         "jax.grad(muller_brown)")
    hessians = as_array(jax.jit(jax.vmap(jax.hessian(descent.muller_brown)))(STATIONARY),
                        "jax.hessian(muller_brown)")
    for point, gradient, hessian, kind in zip(STATIONARY, gradients, hessians, ["minimum"] * 3 + ["saddle"] * 2):
        assert_close(gradient, np.zeros(2), f"jax.grad(muller_brown) at the {kind} {point.tolist()}",
                     atol=1e-5)
        eigenvalues = np.linalg.eigvalsh((hessian + hessian.T) / 2)
        negative = int(np.sum(eigenvalues < 0))
        assert negative == (0 if kind == "minimum" else 1), (
            f"the Hessian at the {kind} {point.tolist()} has eigenvalues {eigenvalues}: "
            f"a {kind} has {0 if kind == 'minimum' else 1} negative curvature direction(s)")


@pytest.mark.task("muller_brown")
def test_energy_rejects_points_without_two_coordinates():
    """A point must have two coordinates (x, y) in its last axis; anything else is a ValueError.

    Hint: check that xy is not a scalar and xy.shape[-1] == 2 before computing; re-read "Raises".
    """
    for shape in BAD_SHAPES:
        assert_raises_value_error(descent.muller_brown, np.zeros(shape),
                                  what=f"muller_brown of an array of shape {shape}")


# ----------------------------------------------------------------------------- muller_brown_grad


@pytest.mark.task("muller_brown_grad")
def test_gradient_vanishes_at_minima_and_saddles():
    """The force -grad V vanishes at the three minima and the two saddle points.

    Hint: dV/dx = sum_k E_k (2 a_k dx + b_k dy), dV/dy = sum_k E_k (b_k dx + 2 c_k dy), with shape (..., 2).
    """
    gradient = assert_shape(descent.muller_brown_grad(STATIONARY), (5, 2),
                            "the gradient at a batch of 5 points")
    assert_close(gradient, np.zeros((5, 2)),
                 "grad V at the minima (rows 0-2) and saddles (rows 3-4)", atol=1e-5)


@pytest.mark.task("muller_brown_grad")
@given(point=mb_points)
@example(point=np.array([-1.0, 1.0]))
@example(point=np.array([0.5, 1.5]))
@example(point=np.array([-0.5, 0.0]))  # dy of term 3 large, dx of term 3 zero
def test_gradient_matches_autodiff(point):
    """The hand-derived gradient equals the gradient that jax.grad finds, at any point.

    Hint: d(a_k dx^2)/dx = 2 a_k dx, d(b_k dx dy)/dx = b_k dy, and each term keeps its own factor A_k exp(...).
    """
    expected = np.asarray(mb_grad(point))
    assert_close(descent.muller_brown_grad(point), expected,
                 f"grad V{tuple(point.tolist())} (x- and y-components)", rtol=1e-9,
                 atol=_grad_tolerance(expected))


@pytest.mark.task("muller_brown_grad")
@given(point=mb_points, direction=unit_directions)
@example(point=np.array([-1.0, 1.0]), direction=np.array([0.6, 0.8]))
def test_gradient_is_the_slope_along_any_direction(point, direction):
    """The slope of the energy along any direction v is grad V . v (central finite differences).

    Hint: grad V . v is the slope (V(p + eps v) - V(p - eps v)) / (2 eps); look for a sign error or a missing factor 2.
    """
    gradient = assert_shape(descent.muller_brown_grad(point), (2,), "grad V of one point")
    assert_gradient(muller_brown_closed_form, point, gradient,
                    f"grad V . v is the slope of V along v = {direction.tolist()} at {point.tolist()}",
                    directions=[direction], rtol=1e-6, atol=1e-6 * (1.0 + float(np.max(np.abs(gradient)))))


@pytest.mark.task("muller_brown_grad")
def test_gradient_broadcasts_over_leading_axes():
    """The gradient of a batch of points (..., 2) is the batch of gradients (..., 2).

    Hint: stack dV/dx and dV/dy along a new last axis, jnp.stack([...], axis=-1); re-read "Returns".
    """
    expected = np.asarray(mb_grad_batch(GRID.reshape(-1, 2))).reshape(3, 4, 2)
    found = assert_shape(descent.muller_brown_grad(GRID), (3, 4, 2), "grad V of a (3, 4, 2) grid")
    assert_close(found, expected, "grad V on a (3, 4, 2) grid", rtol=1e-9,
                 atol=_grad_tolerance(expected))


@pytest.mark.task("muller_brown_grad")
def test_gradient_rejects_points_without_two_coordinates():
    """The gradient of something that is not a point (x, y) is a ValueError.

    Hint: check that xy is not a scalar and xy.shape[-1] == 2 before computing; re-read "Raises".
    """
    for shape in BAD_SHAPES:
        assert_raises_value_error(descent.muller_brown_grad, np.zeros(shape),
                                  what=f"muller_brown_grad of an array of shape {shape}")
