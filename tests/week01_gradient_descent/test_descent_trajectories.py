"""Week 1, tasks gradient_descent and momentum_descent: fixed-step descent and the heavy ball."""

import jax.numpy as jnp
import numpy as np
import pytest
from _descent_oracles import (DIM, MINIMA, STARTS_NEAR_MINIMA, gradient_descent_closed_form, mb_grad,
                              momentum_closed_form, quadratic_bowl, seeds)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

descent = submission_module("week01_gradient_descent", "descent.py")

N_STEPS = 8  # trajectory length in the random tests: one shape, so JAX compiles once


def _bowl_gradient(a):
    """grad of 1/2 x^T A x, written with jax.numpy."""
    a = jnp.asarray(a)
    return lambda x: a @ x


def _parabola_gradient(x):
    """grad of f(x) = x^2 (d = 1)."""
    return 2 * x


def _check_rejects_bad_arguments(method, good, extra_bad=()):
    """`method(grad_fn, x0, **good)` with one bad argument, or a bad x0, raises ValueError."""
    for name, value in [("lr", 0.0), ("lr", -0.1), ("n_steps", -1), *extra_bad]:
        assert_raises_value_error(method, _parabola_gradient, np.array([1.0]), **{**good, name: value},
                                  what=f"{name} = {value}")
    for shape in [(), (2, 2)]:
        assert_raises_value_error(method, _parabola_gradient, np.ones(shape), **good,
                                  what=f"a start point x0 of shape {shape} (it must be 1-D)")


def _check_trajectory_shapes(method, **kwargs):
    """Shape (n_steps + 1, d) with row 0 = x0, for n_steps = 0, 1, 5."""
    x0 = np.array([0.3, -1.2, 2.0])
    for n_steps in (0, 1, 5):
        trajectory = assert_shape(method(_parabola_gradient, x0, n_steps=n_steps, **kwargs),
                                  (n_steps + 1, 3), f"the trajectory of {n_steps} steps in d = 3")
        assert_close(trajectory[0], x0, "row 0 of the trajectory is the start point x0",
                     rtol=0, atol=0)


def _check_reaches_minima(method, **kwargs):
    """From a start inside each basin, the trajectory ends at that minimum of Müller-Brown."""
    for start, (x, y, _) in zip(STARTS_NEAR_MINIMA, MINIMA):
        trajectory = np.asarray(method(mb_grad, np.array(start), **kwargs))
        assert_close(trajectory[-1], np.array([x, y]),
                     f"the end of {kwargs['n_steps']} steps from {start} (the nearby minimum)",
                     rtol=0, atol=1e-6)


# ----------------------------------------------------------------------------- gradient_descent


@pytest.mark.task("gradient_descent")
def test_gradient_descent_worked_example():
    """Two steps on f(x) = x^2 from x0 = 1 with lr = 0.25 go 1 -> 0.5 -> 0.25.

    Hint: x_{k+1} = x_k - lr * grad_fn(x_k) and row 0 is x0 itself; re-read "Returns" in the docstring.
    """
    x0 = np.array([1.0])
    trajectory = descent.gradient_descent(_parabola_gradient, x0, 0.25, 2)
    assert_close(trajectory, np.array([[1.0], [0.5], [0.25]]), "trajectory x_0, x_1, x_2",
                 known_bugs={"a step uphill, x_k + lr * grad_fn(x_k) (a sign error)": [[1.0], [1.5], [2.25]],
                             "a gradient taken at x0 at every step": [[1.0], [0.5], [0.0]]})
    assert_close(x0, np.array([1.0]), "the start point x0 after the call (it must not be modified)",
                 rtol=0, atol=0)


@pytest.mark.task("gradient_descent")
def test_gradient_descent_trajectory_shape():
    """n steps give n + 1 positions, the first of which is the start point.

    Hint: the trajectory has n_steps + 1 rows and row 0 is x0 (n_steps = 0 gives x0 alone); re-read "Returns".
    """
    _check_trajectory_shapes(descent.gradient_descent, lr=0.1)


@pytest.mark.task("gradient_descent")
@given(seed=seeds, lr=st.floats(0.01, 0.45))
@example(seed=0, lr=0.3)
def test_gradient_descent_on_quadratic_bowl(seed, lr):
    """On a quadratic bowl 1/2 x^T A x each step multiplies by (I - lr A): x_k = (I - lr A)^k x0.

    Hint: step against the gradient taken at the current point: x_{k+1} = x_k - lr * grad_fn(x_k).
    """
    a, _, x0 = quadratic_bowl(seed)
    expected = gradient_descent_closed_form(a, x0, lr, N_STEPS)
    trajectory = descent.gradient_descent(_bowl_gradient(a), x0, lr, N_STEPS)
    assert_close(trajectory, expected, f"x_k = (I - lr A)^k x0 for k = 0..{N_STEPS}",
                 rtol=1e-9, atol=1e-12)


@pytest.mark.task("gradient_descent")
@given(seed=seeds, fraction=st.floats(0.05, 0.95))
def test_gradient_descent_lowers_the_energy_below_the_stability_limit(seed, fraction):
    """Below the stability limit lr < 2 / lambda_max, every step lowers the energy of a bowl.

    Hint: x_{k+1} = x_k - lr * grad_fn(x_k); an energy that rises means a step uphill (a sign error).
    """
    a, _, x0 = quadratic_bowl(seed)
    lr = fraction * 2.0 / np.linalg.eigvalsh(a)[-1]
    trajectory = np.asarray(descent.gradient_descent(_bowl_gradient(a), x0, lr, N_STEPS))
    energies = 0.5 * np.einsum("ki,ij,kj->k", trajectory, a, trajectory)
    rises = np.diff(energies)
    assert np.all(rises <= 1e-12 * energies[:-1]), (
        f"with lr = {lr:.4g} < 2 / lambda_max the energy rose by {rises.max():.3g} at step "
        f"{int(np.argmax(rises)) + 1}; energies {energies}")


@pytest.mark.task("gradient_descent")
def test_gradient_descent_reaches_the_muller_brown_minima():
    """Gradient descent started inside a basin of Müller-Brown rolls down to its minimum.

    Hint: with lr = 2e-4 and 300 steps each start ends within 1e-6 of its minimum.
    """
    _check_reaches_minima(descent.gradient_descent, lr=2e-4, n_steps=300)


@pytest.mark.task("gradient_descent")
def test_gradient_descent_rejects_bad_arguments():
    """A non-positive step size, a negative number of steps or a start that is not a vector is a ValueError.

    Hint: check lr > 0, n_steps >= 0 and x0.ndim == 1 before the loop; re-read "Raises" in the docstring.
    """
    _check_rejects_bad_arguments(descent.gradient_descent, {"lr": 0.1, "n_steps": 3})


# ----------------------------------------------------------------------------- momentum_descent


@pytest.mark.task("momentum_descent")
def test_momentum_worked_example():
    """Heavy ball on f(x) = x^2 / 2 from x0 = 1, lr = 0.5, beta = 0.5: 1 -> 0.5 -> 0 -> -0.25.

    Hint: v_1 = beta * 0 - lr * grad(x_0) = -0.5, then x_1 = x_0 + v_1: update the velocity first, then move by the new one.
    """
    x0 = np.array([1.0])
    trajectory = descent.momentum_descent(lambda x: x, x0, 0.5, 0.5, 3)
    assert_close(trajectory, np.array([[1.0], [0.5], [0.0], [-0.25]]), "trajectory x_0 .. x_3")
    assert_close(x0, np.array([1.0]), "the start point x0 after the call (it must not be modified)",
                 rtol=0, atol=0)


@pytest.mark.task("momentum_descent")
def test_momentum_trajectory_shape():
    """n steps of the heavy ball give n + 1 positions, the first of which is the start point.

    Hint: the trajectory has n_steps + 1 rows and row 0 is x0 (n_steps = 0 gives x0 alone); re-read "Returns".
    """
    _check_trajectory_shapes(descent.momentum_descent, lr=0.1, beta=0.5)


@pytest.mark.task("momentum_descent")
@given(seed=seeds, lr=st.floats(0.01, 0.45))
def test_momentum_without_friction_memory_is_gradient_descent(seed, lr):
    """With beta = 0 the heavy ball forgets its velocity: it is plain gradient descent.

    Hint: with beta = 0, v_{k+1} = -lr grad(x_k) and x_{k+1} = x_k + v_{k+1}: the velocity forgets its past.
    """
    a, _, x0 = quadratic_bowl(seed)
    expected = gradient_descent_closed_form(a, x0, lr, N_STEPS)
    trajectory = descent.momentum_descent(_bowl_gradient(a), x0, lr, 0.0, N_STEPS)
    assert_close(trajectory, expected, "momentum with beta = 0 vs x_k = (I - lr A)^k x0",
                 rtol=1e-9, atol=1e-12)


@pytest.mark.task("momentum_descent")
@given(seed=seeds, lr=st.floats(0.01, 0.45), beta=st.floats(0.0, 0.95))
@example(seed=1, lr=0.2, beta=0.9)
def test_momentum_on_quadratic_bowl(seed, lr, beta):
    """On a quadratic bowl the heavy ball obeys x_{k+1} = x_k - lr A x_k + beta (x_k - x_{k-1}).

    Hint: v_0 = 0, v_{k+1} = beta v_k - lr grad(x_k) (gradient at the current x, no look-ahead), x_{k+1} = x_k + v_{k+1}.
    """
    a, _, x0 = quadratic_bowl(seed)
    expected = momentum_closed_form(a, x0, lr, beta, N_STEPS)
    trajectory = descent.momentum_descent(_bowl_gradient(a), x0, lr, beta, N_STEPS)
    assert_close(trajectory, expected, f"heavy ball with lr = {lr:.4g}, beta = {beta:.4g}",
                 rtol=1e-9, atol=1e-12)


@pytest.mark.task("momentum_descent")
def test_momentum_reaches_the_muller_brown_minima():
    """The heavy ball with friction settles in the minimum of the basin it starts in.

    Hint: with lr = 2e-4, beta = 0.5 and 250 steps each start ends within 1e-6 of its minimum.
    """
    _check_reaches_minima(descent.momentum_descent, lr=2e-4, beta=0.5, n_steps=250)


@pytest.mark.task("momentum_descent")
def test_momentum_rejects_bad_arguments():
    """A momentum outside [0, 1), a non-positive step size, a negative number of steps or a start that is not a vector is a ValueError.

    Hint: check 0 <= beta < 1, lr > 0, n_steps >= 0 and x0.ndim == 1 before the loop; re-read "Raises".
    """
    _check_rejects_bad_arguments(descent.momentum_descent, {"lr": 0.1, "beta": 0.5, "n_steps": 3},
                                 [("beta", 1.0), ("beta", 1.5), ("beta", -0.1)])
