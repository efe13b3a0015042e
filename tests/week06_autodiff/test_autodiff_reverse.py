"""Week 6, autodiff.py: reverse mode on tree-shaped expressions (Var, sin ... tanh, backward, gradient).

Every input is used once here, so each node has one consumer; graphs with shared nodes
are the subject of test_autodiff_graph.py.
"""

import math

import pytest
from hypothesis import example, given, strategies as st

from _autodiff_oracles import (A0, ELEMENTARY_CASES, NUMBER_CASES, X0, evaluate, expressions,
                               jax_expression, jax_value_and_gradient, render, with_distinct_variables,
                               xs_floats)
from autograder.checks import assert_close, assert_raises_type_error, assert_raises_value_error
from autograder.submission import submission_module

autodiff = submission_module("week06_autodiff", "autodiff.py")

MAX_LEAVES = 8  # of the random expressions: at most this many variables


@pytest.mark.task("reverse_mode")
def test_var_grad_is_zero_until_backward():
    """Building the graph computes values only: every .grad stays 0.0 until backward runs.

    x = Var(2), y = Var(3), z = x * y + 1 has z.value = 7 and x.grad = y.grad = z.grad = 0.
    Hint: the operations create new Vars and record parents; only backward writes .grad.
    """
    x, y = autodiff.Var(2.0), autodiff.Var(3.0)
    assert x.grad == 0.0, f"Var(2).grad should be 0.0 before backward, got {x.grad!r}"
    z = x * y + 1
    assert isinstance(z, autodiff.Var), f"x * y + 1 should be a Var, got {type(z).__name__}"
    assert_close(z.value, 7.0, "(x * y + 1).value at x = 2, y = 3")
    grads = {"x": x.grad, "y": y.grad, "z": z.grad}
    assert all(g == 0.0 for g in grads.values()), f"before backward every grad should be 0.0, got {grads}"


@pytest.mark.task("reverse_mode")
def test_backward_worked_example():
    """backward on z = x * y + log(w) at (2, 3, 0.5): dz/dx = y = 3, dz/dy = x = 2, dz/dw = 1/w = 2.

    Also z.grad = dz/dz = 1, and the product node p = x * y has p.grad = dz/dp = 1.
    Hint: backward sets out.grad = 1, then hands each node's grad times the local
    derivative to its parents; d(x y)/dx = y, not x.
    """
    x, y, w = autodiff.Var(2.0), autodiff.Var(3.0), autodiff.Var(0.5)
    p = x * y
    z = p + autodiff.log(w)
    autodiff.backward(z)
    assert_close([z.grad, p.grad], [1.0, 1.0], "(z.grad, p.grad) for z = p + log(w), p = x * y")
    assert_close([x.grad, y.grad, w.grad], [3.0, 2.0, 2.0], "(x.grad, y.grad, w.grad) for z = x * y + log(w)")


@pytest.mark.task("reverse_mode")
def test_var_power_with_a_variable_exponent():
    """d(x^y) = y x^(y-1) dx + x^y ln(x) dy: at (2, 3) the gradient of x ** y is (12, 8 ln 2).

    Hint: the power rule n x^(n-1) holds for a constant exponent only; re-read __pow__.
    """
    assert_close(autodiff.gradient(lambda x, y: x ** y, 2.0, 3.0), [12.0, 8.0 * math.log(2.0)],
                 "gradient of x ** y at (2, 3)")


@pytest.mark.task("reverse_mode")
@pytest.mark.parametrize("formula, function, value, slope", NUMBER_CASES, ids=[c[0] for c in NUMBER_CASES])
def test_var_with_a_number_on_either_side(formula, function, value, slope):
    """A number on either side of an operator is a constant: c - x, c / x, c ** x differentiate in x.

    At x = 1.5: d(2.5 - x)/dx = -1, d(1/x)/dx = -1/x^2, d(2^x)/dx = 2^x ln 2.
    Hint: re-read __rsub__, __rtruediv__ and __rpow__ of Var: `c - x` calls x.__rsub__(c).
    """
    out = function(autodiff.Var(X0))
    assert isinstance(out, autodiff.Var), f"{formula} on a Var should be a Var, got {type(out).__name__}"
    assert_close(out.value, value, f"({formula}).value at x = {X0}")
    assert_close(autodiff.gradient(function, X0), [slope], f"gradient of {formula} at x = {X0}")


@pytest.mark.task("reverse_mode")
@pytest.mark.parametrize("name, value, slope", ELEMENTARY_CASES, ids=[c[0] for c in ELEMENTARY_CASES])
def test_var_elementary_functions(name, value, slope):
    """sin, cos, exp, log, tanh of a Var are Vars whose local derivative is f'(a).

    At a = 0.5: sin' = cos, cos' = -sin, exp' = exp, log'(a) = 1/a, tanh' = 1/cosh^2 = 1 - tanh^2.
    Hint: re-read the docstring of the function; the new node's parent is its argument.
    """
    function = getattr(autodiff, name)
    out = function(autodiff.Var(A0))
    assert isinstance(out, autodiff.Var), f"{name}(Var({A0})) should be a Var, got {type(out).__name__}"
    assert_close(out.value, value, f"{name}(Var({A0})).value")
    assert_close(autodiff.gradient(function, A0), [slope], f"gradient of {name} at {A0}")


@pytest.mark.task("reverse_mode")
def test_gradient_has_one_float_per_argument():
    """gradient(f, *xs) is a tuple with one float per argument, 0.0 for an argument f does not use.

    For f(x, y, z) = x * z at (2, 5, -1): (z, 0, x) = (-1.0, 0.0, 2.0).
    Hint: re-read "Returns" in the docstring of gradient.
    """
    result = autodiff.gradient(lambda x, y, z: x * z, 2.0, 5.0, -1.0)
    assert isinstance(result, tuple), f"gradient should return a tuple, got {type(result).__name__}"
    assert len(result) == 3, f"gradient of a function of 3 arguments should have 3 entries, got {len(result)}"
    assert all(isinstance(g, float) for g in result), \
        f"every entry should be a float, got types {[type(g).__name__ for g in result]}"
    assert_close(result, [-1.0, 0.0, 2.0], "gradient of x * z at (x, y, z) = (2, 5, -1)")


@pytest.mark.task("reverse_mode")
def test_gradient_of_a_constant_function_is_zero():
    """A function that ignores its arguments has gradient (0.0, 0.0): f(x, y) = 3.0 returns a plain number.

    Hint: re-read "Returns" in the docstring of gradient: 0.0 for every argument f does not use,
    also when f returns a plain number instead of a Var.
    """
    result = autodiff.gradient(lambda x, y: 3.0, 1.0, 2.0)
    assert isinstance(result, tuple) and result == (0.0, 0.0), (
        f"gradient(lambda x, y: 3.0, 1.0, 2.0) should be the tuple (0.0, 0.0), got {result!r}")


@pytest.mark.task("reverse_mode")
@given(tree=expressions, xs=st.tuples(*[xs_floats] * MAX_LEAVES))
@example(tree=("sub", ("c", 2.5), ("div", ("x", 0), ("pow", ("c", 2.0), ("tanh", ("x", 1))))),
         xs=(0.3, -0.8) + (0.0,) * (MAX_LEAVES - 2))
@example(tree=("mul", ("div", ("c", 3), ("1+sq", ("x", 0))), ("neg", ("x", 1))), xs=(0.7, 1.2) + (0.0,) * (MAX_LEAVES - 2))
def test_gradient_matches_jax_grad_on_trees(tree, xs):
    """gradient(f, *xs) is exact: it equals jax.grad on random expressions that use each input once.

    Hint: if a single operation is off, the worked examples above point to it.
    """
    tree, n = with_distinct_variables(tree)
    xs = xs[:n]
    _, expected = jax_value_and_gradient(jax_expression(tree), xs)
    actual = autodiff.gradient(lambda *v: evaluate(tree, v, autodiff), *xs)
    assert_close(actual, expected, f"gradient of f = {render(tree)} at x = {xs}, against jax.grad",
                 rtol=1e-9, atol=1e-10)


@pytest.mark.task("reverse_mode")
def test_log_of_a_non_positive_var_is_rejected():
    """The logarithm is defined for positive numbers only: log of a Var of value <= 0 raises.

    Hint: re-read "Raises" in the docstring of log.
    """
    assert_raises_value_error(autodiff.log, autodiff.Var(0.0), what="log(Var(0))")
    assert_raises_value_error(autodiff.log, autodiff.Var(-2.0), what="log(Var(-2))")


@pytest.mark.task("reverse_mode")
def test_reverse_mode_rejects_what_it_cannot_differentiate():
    """A variable exponent needs ln of the base, so a base <= 0 is a ValueError; backward of a number or gradient of a non-function is a TypeError.

    Hint: re-read "Raises" in the docstrings of Var.__pow__, Var.__rpow__, backward and gradient.
    """
    assert_raises_value_error(lambda: autodiff.Var(-1.0) ** autodiff.Var(2.0),
                              what="Var(-1) ** Var(2) (ln of a negative base)")
    assert_raises_value_error(lambda: (-2.0) ** autodiff.Var(1.0), what="(-2.0) ** Var(1)")
    assert_raises_type_error(autodiff.backward, 3.0, what="backward(3.0) (not a Var)")
    assert_raises_type_error(autodiff.gradient, 3.0, 1.0, what="gradient(3.0, 1.0) (f is not a function)")
