import numpy as np
import pytest
from hypothesis import given, strategies as st

from autograder.checks import assert_close, assert_raises_value_error
from autograder.submission import submission_module

toy = submission_module("week01_toy", "toy.py")


@pytest.mark.task("add")
def test_add_worked_example():
    """Two plus three is five."""
    assert_close(toy.add(2.0, 3.0), 5.0, "add(2, 3)")


@pytest.mark.task("add")
@given(a=st.integers(-5, 5), b=st.integers(-5, 5))
def test_add_commutes(a, b):
    """Addition is commutative.

    Hint: re-read the docstring of add.
    """
    assert_close(toy.add(a, b), toy.add(b, a), "add(a, b) equals add(b, a)")


@pytest.mark.task("scale")
@given(k=st.floats(0.5, 2.0))
def test_scale(k):
    """Scaling multiplies every entry by k."""
    assert_close(toy.scale(np.arange(3.0), k), k * np.arange(3.0), "scale(x, k)")


@pytest.mark.task("scale")
def test_scale_rejects_nonpositive():
    """A non-positive factor is rejected."""
    assert_raises_value_error(toy.scale, np.ones(2), 0.0, what="scale(x, 0)")
