"""Week 2, mlp.py: numerical_gradient, the central-difference gradient check."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, strategies as st

from _mlp_oracles import seeds
from autograder.checks import assert_close, assert_raises_value_error
from autograder.submission import submission_module

mlp = submission_module("week02_backprop", "mlp.py")

shapes = st.sampled_from([(), (4,), (2, 3), (2, 1, 3)])


def smooth(x, xp=np):
    """A smooth non-polynomial test function of an array of any shape (numpy or jax.numpy)."""
    return xp.sum(xp.sin(x) * x**2) + xp.exp(0.3 * xp.sum(x)) + xp.prod(xp.cos(0.5 * x))


smooth_grad = jax.jit(jax.grad(lambda x: smooth(x, jnp)))


@pytest.mark.task("numerical_gradient")
def test_numerical_gradient_worked_example():
    """Central differences recover the gradient of f(x) = x0^2 + 3 x0 x1, (8, 3) at x = (1, 2).

    Hint: g_i = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps): the step is 2 eps wide.
    """
    g = mlp.numerical_gradient(lambda x: x[0] ** 2 + 3 * x[0] * x[1], np.array([1.0, 2.0]))
    assert_close(g, [8.0, 3.0], "numerical gradient of x0^2 + 3 x0 x1 at (1, 2)", rtol=1e-7, atol=1e-7)


@pytest.mark.task("numerical_gradient")
@given(seed=seeds, shape=shapes)
def test_numerical_gradient_of_quadratic_any_shape(seed, shape):
    """For a quadratic f(x) = 1/2 x.Hx + g.x (x of any shape, even 0-d) the gradient is Hx + g.

    Hint: perturb one entry at a time over every index of x (np.ndindex(x.shape)); return an array shaped like x.
    """
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    M = rng.normal(size=(n, n))
    H, g0 = M + M.T, rng.normal(size=shape)
    x = rng.normal(size=shape)

    def f(y):
        flat = np.reshape(y, -1)
        return 0.5 * flat @ H @ flat + np.sum(g0 * y)  # g0 * y needs y shaped like x

    expected = np.reshape(H @ np.reshape(x, -1), shape) + g0
    assert_close(mlp.numerical_gradient(f, x), expected, f"gradient of a quadratic, x of shape {shape}",
                 rtol=1e-6, atol=1e-6)


@pytest.mark.task("numerical_gradient")
@given(x=st.lists(st.floats(-2, 2), min_size=5, max_size=5).map(np.array))
def test_numerical_gradient_matches_jax_grad(x):
    """The numerical gradient of a smooth function agrees with jax.grad to about eps^2.

    f(x) = sum(sin(x) x^2) + exp(0.3 sum x) + prod cos(x / 2).
    Hint: use the default eps = 1e-6 and the symmetric (central) difference.
    """
    assert_close(mlp.numerical_gradient(smooth, x), smooth_grad(x), "numerical gradient vs jax.grad",
                 rtol=1e-6, atol=1e-7)


@pytest.mark.task("numerical_gradient")
@given(seed=seeds, eps=st.sampled_from([1e-2, 1e-3]))
def test_numerical_gradient_is_central(seed, eps):
    """The difference is central: its error is O(eps^2), so even a large step is accurate on a cubic.

    For f(x) = sum c x^3 the central difference is 3 c x^2 + c eps^2 exactly, while a
    forward difference is off by about 3 c x eps.
    Hint: evaluate f at x + eps e_i AND at x - eps e_i, and divide by 2 eps.
    """
    rng = np.random.default_rng(seed)
    c, x = 50.0 * rng.normal(size=(2, 6))
    g = mlp.numerical_gradient(lambda y: np.sum(c * y**3), x, eps=eps)
    error = np.asarray(g, float) - 3 * c * x**2
    bound = 2 * np.abs(c) * eps**2 + 1e-13 * np.sum(np.abs(c * x**3)) / eps
    assert np.all(np.abs(error) <= bound), (
        f"the error of the numerical gradient of sum c x^3 with eps = {eps:g} should be at most "
        f"about c eps^2 (central difference), got {np.abs(error).max():.3g} where the bound is "
        f"{bound[np.argmax(np.abs(error))]:.3g}")


@pytest.mark.task("numerical_gradient")
@given(seed=seeds, shape=shapes)
def test_numerical_gradient_leaves_x_unchanged(seed, shape):
    """The point x is left exactly as it was, and a read-only x works: x is never written to.

    Hint: perturb a copy (np.array(x, dtype=float)), never x itself, not even temporarily.
    """
    x = np.random.default_rng(seed).normal(size=shape)
    original = x.copy()
    g = mlp.numerical_gradient(lambda y: np.sum(y**2), x)
    assert_close(x, original, "x after numerical_gradient(f, x)", rtol=0, atol=0)
    read_only = original.copy()
    read_only.flags.writeable = False
    try:
        g_read_only = mlp.numerical_gradient(lambda y: np.sum(y**2), read_only)
    except ValueError as error:
        raise AssertionError(f"numerical_gradient failed on a read-only x ({error}): it writes into x") from None
    assert_close(g_read_only, g, "the gradient at a read-only copy of x vs at x", rtol=1e-12, atol=1e-12)


@pytest.mark.task("numerical_gradient")
def test_numerical_gradient_rejects_nonpositive_eps():
    """A step eps <= 0 is rejected: eps = 0 divides by zero, and a negative step is a mistake.

    Hint: raise ValueError unless eps > 0.
    """
    x = np.array([1.0, 2.0])
    assert_raises_value_error(mlp.numerical_gradient, np.sum, x, eps=0.0, what="eps = 0")
    assert_raises_value_error(mlp.numerical_gradient, np.sum, x, eps=-1e-3, what="eps = -1e-3")
