"""A toy module for the framework's tests."""

import numpy as np

GIVEN_CONSTANT = 2.0


def add(a, b):
    """Return a + b."""
    raise NotImplementedError('week 1, source/week01_toy/toy.py: add is not implemented yet')


def scale(x, k):
    """Return k * x for an array x; k must be positive."""
    raise NotImplementedError('week 1, source/week01_toy/toy.py: scale is not implemented yet')
