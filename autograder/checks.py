"""Assertion helpers for the week tests: each failure says which property broke, in words.

Every helper takes ``what``, a short phrase naming the physical or mathematical property
("the gradient at a Müller-Brown minimum vanishes"), and raises ``AssertionError`` whose
first line is that phrase and whose next lines show the smallest useful evidence: the
shape that was expected, or the worst entry with the value expected and the value found.
The grader turns the first lines into the student's feedback; hypothesis appends the
falsifying input.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def show(value) -> str:
    """A compact, readable rendering of a number or a small array."""
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{array.item():.10g}" if np.issubdtype(array.dtype, np.number) else repr(array.item())
    return np.array2string(array, precision=6, threshold=12, edgeitems=3, max_line_width=100)


def as_array(value, what: str) -> np.ndarray:
    """Convert a numpy/JAX array (or a nested list) to numpy, explaining what went wrong if not."""
    if value is None:
        raise AssertionError(f"{what}: the function returned None (is a `return` missing?)")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise AssertionError(f"{what}: expected an array, got {type(value).__name__} ({error})") from None


def assert_shape(actual, shape: tuple[int, ...], what: str) -> np.ndarray:
    array = as_array(actual, what)
    if array.shape != tuple(shape):
        raise AssertionError(f"{what}: expected shape {tuple(shape)}, got shape {array.shape}")
    return array


def assert_close(actual, expected, what: str, *, rtol: float = 1e-9, atol: float = 1e-12) -> None:
    """|actual - expected| <= atol + rtol |expected| entrywise, with the worst entry reported."""
    expected = np.asarray(expected, dtype=float)
    actual = assert_shape(actual, expected.shape, what)
    if not np.all(np.isfinite(actual)) and np.all(np.isfinite(expected)):
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(actual))[0])
        raise AssertionError(f"{what}: got a non-finite value {show(actual[index])} at index {index}")
    excess = np.abs(actual - expected) - (atol + rtol * np.abs(expected))
    if np.any(excess > 0) or np.any(np.isnan(excess)):
        index = np.unravel_index(int(np.nanargmax(excess)), excess.shape) if excess.ndim else ()
        at = f" at index {tuple(int(i) for i in index)}" if excess.ndim else ""
        raise AssertionError(
            f"{what}: expected {show(expected[index])}, got {show(actual[index])}{at} "
            f"(tolerance {atol:g} + {rtol:g}*|expected|)"
            + (f"\nexpected:\n{show(expected)}\ngot:\n{show(actual)}" if expected.size > 1 else "")
        )


def assert_raises_value_error(function: Callable, *args, what: str, **kwargs) -> None:
    """Bad input must be rejected with ValueError, not answered silently."""
    try:
        result = function(*args, **kwargs)
    except ValueError:
        return
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - the wrong exception type is the failure
        raise AssertionError(
            f"{what} should raise ValueError, but raised {type(error).__name__}: {error}"
        ) from None
    raise AssertionError(f"{what} should raise ValueError, but returned {show_result(result)}")


def show_result(result) -> str:
    try:
        return show(result)
    except Exception:  # noqa: BLE001 - anything unprintable is shown by its type
        return type(result).__name__


def central_difference(f: Callable[[np.ndarray], float], x, direction, eps: float = 1e-6) -> float:
    """(f(x + eps v) - f(x - eps v)) / (2 eps): the directional derivative of f along v."""
    x = np.asarray(x, float)
    direction = np.asarray(direction, float)
    return (float(f(x + eps * direction)) - float(f(x - eps * direction))) / (2 * eps)
