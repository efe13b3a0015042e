"""A toy module for the framework's tests."""

import numpy as np

GIVEN_CONSTANT = 2.0


def add(a, b):
    """Return a + b."""
    return a + b


def scale(x, k):
    """Return k * x for an array x; k must be positive."""
    if k <= 0:
        raise ValueError("k must be positive")
    return k * np.asarray(x)
