"""Week 6, autodiff.py: forward mode with dual numbers (Dual, sin ... tanh, derivative)."""

import math

import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from _autodiff_oracles import (A0, ELEMENTARY_CASES, N_VARS, NUMBER_CASES, X0, evaluate, expressions,
                               jax_derivative, jax_expression, jax_value_and_gradient, render, xs_floats)
from autograder.checks import assert_close, assert_raises_type_error, assert_raises_value_error
from autograder.submission import submission_module

autodiff = submission_module("week06_autodiff", "autodiff.py")


def assert_dual(result, value, derivative, what, *, rtol=1e-12, atol=1e-12):
    """result is a Dual with the given value and derivative."""
    assert isinstance(result, autodiff.Dual), f"{what}: expected a Dual, got {type(result).__name__}"
    assert_close(result.value, value, f"{what}: value", rtol=rtol, atol=atol)
    assert_close(result.derivative, derivative, f"{what}: derivative", rtol=rtol, atol=atol)


@pytest.mark.task("forward_mode")
def test_dual_arithmetic_worked_example():
    """Sum, difference, product and quotient rules on two dual numbers, by hand.

    u = Dual(2, 1), v = Dual(3, -1): u + v = (5, 0), u - v = (-1, 2), u * v = (6, 1*3 + 2*(-1))
    = (6, 1), u / v = (2/3, (1*3 - 2*(-1)) / 3^2) = (2/3, 5/9), -u = (-2, -1).
    Hint: re-read the rules in the module docstring: (a b)' = a' b + a b', (a / b)' = (a' b - a b') / b^2.
    """
    u, v = autodiff.Dual(2.0, 1.0), autodiff.Dual(3.0, -1.0)
    assert_dual(u + v, 5.0, 0.0, "Dual(2, 1) + Dual(3, -1)")
    assert_dual(u - v, -1.0, 2.0, "Dual(2, 1) - Dual(3, -1)")
    assert_dual(u * v, 6.0, 1.0, "Dual(2, 1) * Dual(3, -1) (product rule)")
    assert_dual(u / v, 2.0 / 3.0, 5.0 / 9.0, "Dual(2, 1) / Dual(3, -1) (quotient rule)")
    assert_dual(-u, -2.0, -1.0, "-Dual(2, 1)")


@pytest.mark.task("forward_mode")
def test_dual_power_with_a_variable_exponent():
    """d(u^v) = v u^(v-1) du + u^v ln(u) dv: the exponent's derivative brings a ln term.

    Dual(2, 1) ** Dual(3, 0.5) = (8, 3 * 2^2 * 1 + 8 ln 2 * 0.5) = (8, 12 + 4 ln 2), and
    d/dx x^x = x^x (ln x + 1), at x = 1.5.
    Hint: the power rule n x^(n-1) holds for a constant exponent only; re-read __pow__.
    """
    assert_dual(autodiff.Dual(2.0, 1.0) ** autodiff.Dual(3.0, 0.5), 8.0, 12.0 + 4.0 * math.log(2.0),
                "Dual(2, 1) ** Dual(3, 0.5)")
    assert_close(autodiff.derivative(lambda x: x ** x, 1.5), 1.5 ** 1.5 * (math.log(1.5) + 1.0),
                 "derivative of x ** x at x = 1.5")


@pytest.mark.task("forward_mode")
@pytest.mark.parametrize("formula, function, value, slope", NUMBER_CASES, ids=[c[0] for c in NUMBER_CASES])
def test_dual_with_a_number_on_either_side(formula, function, value, slope):
    """A number on either side of an operator is a constant: its derivative is 0.

    At x = Dual(1.5, 1): c - x has derivative -1 (not +1), c / x has -c / x^2, and
    c ** x = e^(x ln c) has c^x ln c.
    Hint: re-read __rsub__, __rtruediv__ and __rpow__: `c - x` calls x.__rsub__(c) and must
    return c - x, not x - c.
    """
    assert_dual(function(autodiff.Dual(X0, 1.0)), value, slope, f"{formula} at x = Dual({X0}, 1)")


@pytest.mark.task("forward_mode")
@pytest.mark.parametrize("name, value, slope", ELEMENTARY_CASES, ids=[c[0] for c in ELEMENTARY_CASES])
def test_dual_elementary_functions(name, value, slope):
    """The chain rule through sin, cos, exp, log, tanh: f(Dual(a, a')) = Dual(f(a), f'(a) a').

    At a = 0.5 with a' = 2: sin' = cos, cos' = -sin, exp' = exp, log'(a) = 1/a,
    tanh' = 1/cosh^2 = 1 - tanh^2.  A float gives back the float f(a).
    Hint: re-read the docstring of the function, and multiply by the incoming derivative a'.
    """
    function = getattr(autodiff, name)
    assert_dual(function(autodiff.Dual(A0, 2.0)), value, 2.0 * slope, f"{name}(Dual({A0}, 2))")
    on_float = function(A0)
    assert isinstance(on_float, float), f"{name}({A0}) should be a float, got {type(on_float).__name__}"
    assert_close(on_float, value, f"{name}({A0}) on a float")


@pytest.mark.task("forward_mode")
@given(tree=expressions, x=xs_floats)
@example(tree=("mul", ("sin", ("x", 0)), ("div", ("c", 1.0), ("1+sq", ("x", 0)))), x=0.7)
@example(tree=("pow", ("exp", ("cos", ("x", 0))), ("tanh", ("x", 0))), x=-1.2)
def test_derivative_matches_jax_grad(tree, x):
    """derivative(f, x) is exact: it equals jax.grad on random expressions f.

    Hint: `derivative` evaluates f once on Dual(x, 1); if a single operation is off, the
    worked examples above point to it.
    """
    expected = jax_derivative(tree, x)
    actual = autodiff.derivative(lambda t: evaluate(tree, (t,) * N_VARS, autodiff), x)
    assert_close(actual, expected, f"d/dx of f(x) = {render(tree, single_variable=True)} "
                 f"at x = {x!r}, against jax.grad", rtol=1e-9, atol=1e-10)


@pytest.mark.task("forward_mode")
@given(tree=expressions, xs=st.tuples(*[xs_floats] * N_VARS), vs=st.tuples(*[st.floats(-2, 2)] * N_VARS))
def test_dual_inputs_give_the_directional_derivative(tree, xs, vs):
    """With inputs Dual(x_i, v_i), the output carries f(x) and the directional derivative grad f . v.

    Hint: every operation must use the derivatives of both of its operands.
    """
    value, gradient = jax_value_and_gradient(jax_expression(tree), xs)
    result = evaluate(tree, [autodiff.Dual(x, v) for x, v in zip(xs, vs)], autodiff)
    assert_dual(result, value, float(np.dot(gradient, vs)), f"f(x0, x1, x2) = {render(tree)} at x = {xs} "
                f"along v = {vs}, against jax.grad", rtol=1e-9, atol=1e-10)


@pytest.mark.task("forward_mode")
def test_derivative_of_a_constant_function_is_zero():
    """A function that ignores its argument has derivative 0.0: derivative(lambda x: 3.0, 1.0) = 0.0.

    f returns the plain number 3.0, not a Dual, so it has no .derivative to read.
    Hint: re-read "Returns" in the docstring of derivative: 0.0 if f returns a plain number.
    """
    result = autodiff.derivative(lambda x: 3.0, 1.0)
    assert isinstance(result, float) and result == 0.0, (
        f"derivative(lambda x: 3.0, 1.0) should be the float 0.0, got {result!r}")


@pytest.mark.task("forward_mode")
def test_log_of_a_non_positive_number_is_rejected():
    """The logarithm is defined for positive numbers only: log of 0 or a negative value raises.

    Hint: re-read "Raises" in the docstring of log.
    """
    assert_raises_value_error(autodiff.log, autodiff.Dual(0.0, 1.0), what="log(Dual(0, 1))")
    assert_raises_value_error(autodiff.log, autodiff.Dual(-2.0, 1.0), what="log(Dual(-2, 1))")
    assert_raises_value_error(autodiff.log, -1.0, what="log(-1.0)")


@pytest.mark.task("forward_mode")
def test_forward_mode_rejects_what_it_cannot_differentiate():
    """A variable exponent needs ln of the base, so a base <= 0 is a ValueError; a non-function or a string is a TypeError.

    Hint: re-read "Raises" in the docstrings of Dual.__pow__, Dual.__rpow__, the elementary functions and derivative.
    """
    assert_raises_value_error(lambda: autodiff.Dual(-1.0, 1.0) ** autodiff.Dual(2.0, 0.0),
                              what="Dual(-1, 1) ** Dual(2, 0) (ln of a negative base)")
    assert_raises_value_error(lambda: (-2.0) ** autodiff.Dual(1.0, 1.0), what="(-2.0) ** Dual(1, 1)")
    assert_raises_type_error(autodiff.sin, "0.5", what="sin('0.5') (a string, not a number)")
    assert_raises_type_error(autodiff.derivative, 3.0, 1.0, what="derivative(3.0, 1.0) (f is not a function)")
