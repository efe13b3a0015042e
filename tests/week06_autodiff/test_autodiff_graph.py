"""Week 6, autodiff.py: backward on graphs with shared nodes, and on deep graphs.

A node used several times receives one contribution per use (the multivariable chain
rule sums over paths), and backward must visit each node once, after every node that
uses it, without recursion and without walking every path.
"""

import numpy as np
import pytest
from hypothesis import example, given

from _autodiff_oracles import count_lines, inputs, jax_value_and_gradient, programs, render_program, run_program
from autograder.checks import assert_close
from autograder.submission import submission_module

autodiff = submission_module("week06_autodiff", "autodiff.py")

LINES_PER_OPERATION = 500  # of Python, allowed per operation of the graph in one backward pass


@pytest.mark.task("backward_graph")
def test_backward_adds_one_contribution_per_use():
    """A variable used twice gets both contributions: d(x x)/dx = 2x, d(x + x)/dx = 2, d(x x x)/dx = 3x^2.

    At x = 3: 6, 2 and 27.
    Hint: in backward, add to parent.grad (+=) rather than assign it: each use of a node
    is a separate term of the chain rule.
    """
    for formula, function, expected in (("x * x", lambda x: x * x, 6.0), ("x + x", lambda x: x + x, 2.0),
                                        ("x * x * x", lambda x: x * x * x, 27.0)):
        x = autodiff.Var(3.0)
        autodiff.backward(function(x))
        assert_close(x.grad, expected, f"x.grad after backward({formula}) at x = 3")


@pytest.mark.task("backward_graph")
def test_backward_through_diamonds():
    """Diamonds: y = x x, z = y + y gives dz/dy = 2 and dz/dx = 4x; every path counted once.

    With w = 3 y, z = w + y (paths of different lengths from z to y), dz/dx = (3 + 1) 2x,
    in either order of the sum.  At x = 1.5: 6 and 12.
    Hint: a node's grad is complete only after every node that uses it has been processed:
    visit the nodes in reverse topological order, each once.
    """
    x = autodiff.Var(1.5)
    y = x * x
    z = y + y
    autodiff.backward(z)
    assert_close([x.grad, y.grad], [6.0, 2.0], "(x.grad, y.grad) for y = x * x, z = y + y at x = 1.5")
    for order, combine in (("w + y", lambda w, y: w + y), ("y + w", lambda w, y: y + w)):
        x = autodiff.Var(1.5)
        y = x * x
        w = y * 3
        autodiff.backward(combine(w, y))
        assert_close(x.grad, 12.0, f"x.grad for y = x * x, w = y * 3, z = {order} at x = 1.5")


@pytest.mark.task("backward_graph")
@given(program=programs, xs=inputs)
@example(program=[("mul", 0, 0, 2.0), ("scale", 0, 0, 2.0), ("add", 0, 1, 2.0)], xs=(0.5, 1.1))
def test_gradient_matches_jax_grad_on_graphs_with_shared_nodes(program, xs):
    """On random graphs whose nodes are reused (v2 = v1 * v1, v3 = v2 + v1 ...), gradient equals jax.grad.

    Hint: contributions through every path must add up, and a node passes its grad on
    only once it is complete (reverse topological order).
    """
    _, expected = jax_value_and_gradient(lambda *v: run_program(program, v), xs)
    actual = autodiff.gradient(lambda *v: run_program(program, v), *xs)
    scale = max(1.0, float(np.max(np.abs(expected))))
    assert_close(actual, expected, f"gradient at (x0, x1) = {xs} of the output of: {render_program(program)}",
                 rtol=1e-9, atol=1e-9 * scale)


def chain(depth):
    """(x, y): x = Var(1), then y = y * 1.0001 repeated `depth` times; dy/dx = 1.0001^depth."""
    x = autodiff.Var(1.0)
    y = x
    for _ in range(depth):
        y = y * 1.0001
    return x, y


def ladder(rungs):
    """(x, y): x = Var(1), then y = y * 0.75 + y * 0.5 repeated: a stack of diamonds, dy/dx = 1.25^rungs."""
    x = autodiff.Var(1.0)
    y = x
    for _ in range(rungs):
        y = y * 0.75 + y * 0.5
    return x, y


@pytest.mark.task("backward_graph")
def test_backward_on_a_chain_10000_nodes_deep():
    """backward works on a chain 10,000 operations deep: y = x * 1.0001^10000, dy/dx = 1.0001^10000 = 2.718...

    Hint: Python allows only ~1,000 nested calls: build the topological order with an
    explicit stack (a list) instead of a recursive function.
    """
    x, y = chain(10_000)
    autodiff.backward(y)
    assert_close(x.grad, 1.0001 ** 10_000, "x.grad at the bottom of the 10,000-deep chain", rtol=1e-9)


@pytest.mark.task("backward_graph")
def test_backward_work_grows_linearly_with_the_graph():
    """backward does work proportional to the size of the graph, even through 40 stacked diamonds.

    Counted in lines of Python executed (at most 500 per operation), on a ladder
    y = y * 0.75 + y * 0.5 of 40 rungs (2^40 paths from the top to x, 120 operations) and
    on a chain of 10,000 multiplications.
    Hint: visit each node once (keep a set of the nodes already seen); pushing gradients
    down every path separately takes exponential time, and a search through a list for
    each node takes quadratic time.
    """
    for name, (x, y), operations, expected in (("a ladder of 40 diamonds", ladder(40), 120, 1.25 ** 40),
                                               ("a chain of 10,000 multiplications", chain(10_000), 10_000,
                                                1.0001 ** 10_000)):
        budget = LINES_PER_OPERATION * operations
        lines = count_lines(lambda: autodiff.backward(y), budget)
        assert lines <= budget, (f"backward on {name} ({operations} operations) ran more than {budget} lines "
                                 "of Python before it was stopped: it does not visit each node once")
        assert_close(x.grad, expected, f"x.grad after backward on {name}", rtol=1e-9)
