"""Solution markers: stubs keep signatures and docstrings; malformed markers name file and line."""

import ast

import pytest

from autograder.instructor.markers import MarkerError, strip_markers, stub_module

SOURCE = '''import numpy as np


def energy(x):
    """Harmonic energy x^2 / 2."""
    ### BEGIN SOLUTION
    return 0.5 * x**2
    ### END SOLUTION


def force(x):
    """Minus the gradient."""
    x = np.asarray(x)
    ### BEGIN SOLUTION
    return -x
    ### END SOLUTION
'''


def test_stub_keeps_signatures_and_docstrings_and_names_the_task():
    stub = stub_module(SOURCE, "source/week05_x/mod.py", 5)
    tree = ast.parse(stub)
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert ast.get_docstring(functions["energy"]) == "Harmonic energy x^2 / 2."
    assert "raise NotImplementedError('week 5, mod.py: energy is not implemented yet')" in stub
    assert "x = np.asarray(x)" in stub  # given code stays
    assert "0.5 * x**2" not in stub and "return -x" not in stub
    assert "SOLUTION" not in stub


def test_stub_message_names_the_method_with_its_class():
    source = "class Dual:\n    def __mul__(self, other):\n        ### BEGIN SOLUTION\n        return 1\n        ### END SOLUTION\n"
    assert "Dual.__mul__ is not implemented yet" in stub_module(source, "autodiff.py", 6)


def test_solution_drops_only_the_marker_lines():
    solution = strip_markers(SOURCE, "mod.py")
    assert "SOLUTION" not in solution
    assert solution.count("\n") == SOURCE.count("\n") - 4
    assert "return 0.5 * x**2" in solution


@pytest.mark.parametrize("text, message", [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "mod.py:2: '### BEGIN SOLUTION' is never closed"),
    ("def f():\n    return 1\n    ### END SOLUTION\n", "mod.py:3: '### END SOLUTION' without a matching"),
    ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
     "mod.py:3: nested '### BEGIN SOLUTION' (the region opened at line 2"),
    ("def f():\n    # BEGIN SOLUTION here\n    return 1\n", "mod.py:2: malformed marker"),
    ("def f():\n    ###BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n", "mod.py:2: malformed marker"),
    ("def f():\n    ### begin solution\n    return 1\n    ### END SOLUTION\n", "mod.py:2: malformed marker"),
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END_SOLUTION\n", "mod.py:4: malformed marker"),
    ("### BEGIN SOLUTION\nX = 1\n### END SOLUTION\n", "mod.py:1: a solution region must sit inside a function"),
])
def test_bad_markers_are_errors_naming_file_and_line(text, message):
    with pytest.raises(MarkerError, match=message.replace("(", r"\(").replace("*", r"\*")):
        stub_module(text, "mod.py", 1)
