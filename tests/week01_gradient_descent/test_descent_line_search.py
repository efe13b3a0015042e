"""Week 1, tasks backtracking_line_search and line_search_descent: Armijo steps."""

import jax.numpy as jnp
import numpy as np
import pytest
from _descent_oracles import (armijo_oracle, line_search_descent_oracle, mb_energy, mb_grad,
                              mb_points, quadratic_bowl, quadratic_energy_and_grad, seeds)
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from autograder.checks import as_array, assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

descent = submission_module("week01_gradient_descent", "descent.py")

MIN_MARGIN = 1e-9  # trials closer than this (relative) to the Armijo bound are ties: avoided
# Whole trajectories call the student's search once per step; a correct search written with
# jax.lax.while_loop compiles at every call, so these tests draw fewer examples.
TRAJECTORY_EXAMPLES = settings(max_examples=10)


def _parabola(x):
    """f(x) = |x|^2."""
    return jnp.sum(x**2)


def _parabola_gradient(x):
    return 2 * x


def _step(t, what):
    """The returned step length as a Python float."""
    array = as_array(t, what)
    assert array.size == 1, f"{what}: expected one number, got an array of shape {array.shape}"
    return float(array.reshape(()))


def _armijo_holds(f, grad_fn, x, t, c):
    """Whether f(x - t g) is finite and <= f(x) - c t |g|^2, with a rounding allowance."""
    g = np.asarray(grad_fn(x))
    f_x, f_trial = float(f(x)), float(f(x - t * g))
    bound = f_x - c * t * float(g @ g)
    return np.isfinite(f_trial) and f_trial <= bound + 1e-12 * (abs(f_x) + 1.0)


# ----------------------------------------------------------------------------- backtracking_line_search


@pytest.mark.task("backtracking_line_search")
def test_line_search_worked_examples():
    """On f(x) = x^2 the Armijo search returns the first step length that lowers f enough.

    x = 1 (g = 2): t = 1 lands on f(-1) = 1 > 1 - 4e-4, t = 0.5 lands on f(0) = 0: t = 0.5.
    x = 3 (g = 6), c = 0.4, rho = 0.9: sufficient decrease needs t <= 0.6, so t = 0.9^5.

    Hint: accept when f(x - t g) <= f(x) - c t |g|^2 (squared norm, minus sign) and return that t, not the next trial.
    """
    t = descent.backtracking_line_search(_parabola, _parabola_gradient, np.array([1.0]))
    assert_close(_step(t, "t at x = 1"), 0.5, "the Armijo step at x = 1 (t0 = 1, rho = 0.5)")
    t = descent.backtracking_line_search(_parabola, _parabola_gradient, np.array([3.0]), c=0.4, rho=0.9)
    assert_close(_step(t, "t at x = 3"), 0.9**5, "the Armijo step at x = 3 (c = 0.4, rho = 0.9)")


@pytest.mark.task("backtracking_line_search")
def test_line_search_gives_up_with_zero():
    """When no trial step lowers the energy (an uphill 'gradient', or no trial allowed), the search returns exactly 0.0.

    Hint: try at most max_iter steps (k = 0 .. max_iter - 1, none for max_iter = 0), then return exactly 0.0 (do not move), not the last t tried; re-read "Returns".
    """
    uphill = lambda x: -2 * x  # noqa: E731 - minus the gradient of |x|^2: every step climbs
    t = descent.backtracking_line_search(_parabola, uphill, np.array([1.0, 2.0]), max_iter=20)
    assert _step(t, "t for an uphill direction") == 0.0, (
        f"no step t = 0.5^k, k < 20, along an uphill direction lowers f, so t must be exactly 0.0; got {t}")
    t = descent.backtracking_line_search(_parabola, _parabola_gradient, np.array([1.0]), t0=0.25, max_iter=0)
    assert _step(t, "t with max_iter = 0") == 0.0, (
        f"max_iter = 0 allows no trial at all, so t must be exactly 0.0 although t0 = 0.25 would work; got {t}")


@pytest.mark.task("backtracking_line_search")
def test_line_search_rejects_non_finite_energies():
    """A trial point where the energy is nan, +inf or -inf is rejected, and the search shrinks t.

    Here f(x) = x^2 for x > -0.5 and is not finite beyond; from x = 1 the trial t = 1 lands
    on x = -1, so the answer is t = 0.5.

    Hint: accept t only if f(x - t g) is finite AND passes the test (nan > bound is False, -inf <= bound is True).
    """
    for bad in (np.nan, np.inf, -np.inf):
        f = lambda x, bad=bad: jnp.where(x[0] > -0.5, jnp.sum(x**2), bad)  # noqa: E731
        t = descent.backtracking_line_search(f, _parabola_gradient, np.array([1.0]))
        assert_close(_step(t, f"t with f = {bad} at the first trial"), 0.5,
                     f"the Armijo step when the first trial has energy {bad}")


@pytest.mark.task("backtracking_line_search")
@given(seed=seeds, t0=st.floats(0.1, 10.0), c=st.floats(1e-4, 0.9), rho=st.floats(0.1, 0.9))
@example(seed=7, t0=1.0, c=0.3, rho=0.5)
@example(seed=3, t0=4.0, c=0.01, rho=0.8)
def test_line_search_matches_reference_on_quadratic_bowls(seed, t0, c, rho):
    """On a quadratic bowl the search returns the first t = t0 rho^k that satisfies the Armijo condition.

    Hint: try t0, t0 rho, t0 rho^2, ... in this order with the t0, c and rho passed in, and return the first success.
    """
    a, b, x = quadratic_bowl(seed)
    f, grad_fn = quadratic_energy_and_grad(a, b)
    expected, margin = armijo_oracle(f, grad_fn, x, t0=t0, c=c, rho=rho)
    assume(margin > MIN_MARGIN)
    t = descent.backtracking_line_search(f, grad_fn, x, t0=t0, c=c, rho=rho)
    assert_close(_step(t, "t"), expected, f"the first Armijo step (t0 = {t0:.4g}, c = {c:.4g}, rho = {rho:.4g})",
                 rtol=1e-9)


@pytest.mark.task("backtracking_line_search")
@given(point=mb_points, rho=st.floats(0.2, 0.8))
@example(point=np.array([-1.0, 1.0]), rho=0.5)
def test_line_search_step_is_the_longest_of_the_schedule_that_works(point, rho):
    """On Müller-Brown the accepted t = t0 rho^k satisfies the Armijo condition and t / rho does not.

    Hint: the search stops at the first success, so the trial before it (t / rho) failed unless t = t0.
    """
    c = 1e-4
    _, margin = armijo_oracle(mb_energy, mb_grad, point, rho=rho)
    assume(margin > MIN_MARGIN)
    t = _step(descent.backtracking_line_search(mb_energy, mb_grad, point, rho=rho), "t")
    k = np.log(t) / np.log(rho) if t > 0 else np.nan
    assert t > 0 and abs(k - round(k)) < 1e-6, (
        f"at {point.tolist()} the step t = {t} is not of the form t0 rho^k with t0 = 1, rho = {rho}")
    assert _armijo_holds(mb_energy, mb_grad, point, t, c), (
        f"at {point.tolist()} the step t = {t} does not satisfy f(x - t g) <= f(x) - c t |g|^2")
    assert t >= 1.0 * (1 - 1e-9) or not _armijo_holds(mb_energy, mb_grad, point, t / rho, c), (
        f"at {point.tolist()} the longer step t / rho = {t / rho} also satisfies the Armijo condition, "
        f"so the search should have stopped there and returned it, not t = {t}")


@pytest.mark.task("backtracking_line_search")
def test_line_search_rejects_bad_arguments():
    """A non-positive first step, a shrink factor or Armijo constant outside (0, 1), a negative number of trials, or a point that is not a vector is a ValueError.

    Hint: check t0 > 0, 0 < rho < 1, 0 < c < 1, max_iter >= 0 and x.ndim == 1 before searching; re-read "Raises".
    """
    x = np.array([1.0])
    for name, value in [("t0", 0.0), ("t0", -1.0), ("rho", 0.0), ("rho", 1.0), ("rho", 1.5),
                        ("rho", -0.5), ("c", -0.1), ("c", 1.5), ("max_iter", -1)]:
        assert_raises_value_error(descent.backtracking_line_search, _parabola, _parabola_gradient, x,
                                  **{name: value}, what=f"{name} = {value}")
    for shape in [(), (2, 2)]:
        assert_raises_value_error(descent.backtracking_line_search, _parabola, _parabola_gradient,
                                  np.ones(shape), what=f"a point x of shape {shape} (it must be 1-D)")


# ----------------------------------------------------------------------------- line_search_descent


def _oracle_search(*args, **kwargs):
    """The Armijo step of the oracle, standing in for the student's backtracking_line_search."""
    return armijo_oracle(*args, **kwargs)[0]


def _line_search_descent(*args):
    """The student's line_search_descent, calling the oracle's search: one bug costs one task."""
    with descent.oracles(backtracking_line_search=_oracle_search):
        return descent.line_search_descent(*args)


@pytest.mark.task("line_search_descent")
def test_line_search_descent_worked_example():
    """On f = (x^2 + 5 y^2) / 2 from (1, 1) the Armijo steps are t = 1/4, 1/2, 1/4.

    x_1 = (0.75, -0.25), x_2 = (0.375, 0.375), x_3 = (0.28125, -0.09375): every step
    searches afresh from t0 = 1 (t = 1/2 is accepted at step 2 although step 1 needed 1/4).

    Hint: at every step t_k = backtracking_line_search(f, grad_fn, x_k) (defaults), then x_{k+1} = x_k - t_k grad_fn(x_k).
    """
    f = lambda x: 0.5 * (x[0] ** 2 + 5 * x[1] ** 2)  # noqa: E731
    grad_fn = lambda x: jnp.array([x[0], 5 * x[1]])  # noqa: E731
    trajectory = _line_search_descent(f, grad_fn, np.array([1.0, 1.0]), 3)
    expected = np.array([[1.0, 1.0], [0.75, -0.25], [0.375, 0.375], [0.28125, -0.09375]])
    assert_close(trajectory, expected, "the trajectory x_0 .. x_3")


@pytest.mark.task("line_search_descent")
def test_line_search_descent_trajectory_shape():
    """n line-search steps give n + 1 positions, the first of which is the start point.

    Hint: the trajectory has n_steps + 1 rows and row 0 is x0 (n_steps = 0 gives x0 alone); re-read "Returns".
    """
    x0 = np.array([0.3, -1.2, 2.0])
    for n_steps in (0, 1, 4):
        trajectory = assert_shape(_line_search_descent(_parabola, _parabola_gradient, x0, n_steps),
                                  (n_steps + 1, 3), f"the trajectory of {n_steps} steps in d = 3")
        assert_close(trajectory[0], x0, "row 0 of the trajectory is the start point x0", rtol=0, atol=0)


@pytest.mark.task("line_search_descent")
@TRAJECTORY_EXAMPLES
@given(seed=seeds)
@example(seed=5)
def test_line_search_descent_matches_reference_on_quadratic_bowls(seed):
    """On a quadratic bowl every step is x - t g with t from a fresh Armijo search.

    Hint: each step searches afresh from the default t0 = 1 at the current point; do not reuse an earlier t.
    """
    a, b, x0 = quadratic_bowl(seed)
    f, grad_fn = quadratic_energy_and_grad(a, b)
    expected, margin = line_search_descent_oracle(f, grad_fn, x0, 6)
    assume(margin > MIN_MARGIN)
    assert_close(_line_search_descent(f, grad_fn, x0, 6), expected,
                 "the line-search trajectory of 6 steps", rtol=1e-9, atol=1e-12)


@pytest.mark.task("line_search_descent")
@TRAJECTORY_EXAMPLES
@given(start=mb_points)
@example(start=np.array([-1.0, 1.0]))
def test_line_search_descent_never_climbs_on_muller_brown(start):
    """On Müller-Brown the energy never rises along a line-search trajectory, and each step is the Armijo step.

    Hint: x_{k+1} = x_k - t_k grad_fn(x_k) with t_k searched at x_k; the Armijo condition then gives f(x_{k+1}) <= f(x_k).
    """
    expected, margin = line_search_descent_oracle(mb_energy, mb_grad, start, 12)
    assume(margin > MIN_MARGIN)
    trajectory = np.asarray(_line_search_descent(mb_energy, mb_grad, start, 12))
    energies = np.array([float(mb_energy(x)) for x in trajectory])
    rises = np.diff(energies)
    assert np.all(rises <= 1e-12 * (1.0 + np.abs(energies[:-1]))), (
        f"from {start.tolist()} the energy rose by {rises.max():.3g} at step {int(np.argmax(rises)) + 1}; "
        f"energies {energies}")
    assert_close(trajectory, expected, "the line-search trajectory of 12 steps", rtol=1e-9, atol=1e-12)


@pytest.mark.task("line_search_descent")
def test_line_search_descent_rejects_bad_arguments():
    """A negative number of steps or a start that is not a vector is a ValueError.

    Hint: check n_steps >= 0 and x0.ndim == 1 before the loop; re-read "Raises" in the docstring.
    """
    assert_raises_value_error(_line_search_descent, _parabola, _parabola_gradient, np.array([1.0]), -1,
                              what="n_steps = -1")
    for shape in [(), (2, 2)]:
        assert_raises_value_error(_line_search_descent, _parabola, _parabola_gradient, np.ones(shape), 3,
                                  what=f"a start point x0 of shape {shape} (it must be 1-D)")
