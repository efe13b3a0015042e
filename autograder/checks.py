"""Assertion helpers for the week tests: each failure says which property broke, in words.

Every helper takes ``what``, a short phrase naming the physical or mathematical property
("the gradient at a Müller-Brown minimum vanishes"), and raises ``AssertionError`` whose
first line is that phrase and whose next lines show the smallest useful evidence: the
shape that was expected, or the worst entry with the value expected and the value found,
and for the property checks the group element or the direction that broke it.
The grader turns the first lines into the student's feedback; hypothesis appends the
falsifying input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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


def assert_close(actual, expected, what: str, *, rtol: float = 1e-9, atol: float = 1e-12,
                 known_bugs: dict[str, object] | None = None) -> None:
    """|actual - expected| <= atol + rtol |expected| entrywise, with the worst entry reported.

    `known_bugs` maps a bug, in words, to the value that bug gives on this very input: when
    the answer is wrong and equals one of them (same tolerance), the message names that bug.
    The diagnosis rests on the evidence, never on a guess.
    """
    expected = np.asarray(expected, dtype=float)
    actual = assert_shape(actual, expected.shape, what)
    if not np.all(np.isfinite(actual)) and np.all(np.isfinite(expected)):
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(actual))[0])
        raise AssertionError(f"{what}: got a non-finite value {show(actual[index])} at index {index}")
    excess = _excess(actual, expected, rtol, atol)
    if np.any(excess > 0) or np.any(np.isnan(excess)):
        index = np.unravel_index(int(np.nanargmax(excess)), excess.shape) if excess.ndim else ()
        at = f" at index {tuple(int(i) for i in index)}" if excess.ndim else ""
        raise AssertionError(
            f"{what}: expected {show(expected[index])}, got {show(actual[index])}{at} "
            f"(tolerance {atol:g} + {rtol:g}*|expected|)"
            + (f"\nexpected:\n{show(expected)}\ngot:\n{show(actual)}" if expected.size > 1 else "")
            + _matching_bug(actual, known_bugs or {}, rtol, atol)
        )


def _excess(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    return np.abs(actual - expected) - (atol + rtol * np.abs(expected))


def _matching_bug(actual: np.ndarray, known_bugs: dict[str, object], rtol: float, atol: float) -> str:
    for bug, value in known_bugs.items():
        value = np.asarray(value, dtype=float)
        if value.shape == actual.shape and np.all(_excess(actual, value, rtol, atol) <= 0):
            return f"\nThat is exactly what {bug} gives."
    return ""


def assert_raises_value_error(function: Callable, *args, what: str, **kwargs) -> None:
    """Bad input must be rejected with ValueError, not answered silently."""
    _assert_raises(ValueError, function, args, kwargs, what)


def assert_raises_type_error(function: Callable, *args, what: str, **kwargs) -> None:
    """An argument of the wrong kind (not callable, not a number) must raise TypeError."""
    _assert_raises(TypeError, function, args, kwargs, what)


def _assert_raises(kind: type[Exception], function: Callable, args, kwargs, what: str) -> None:
    try:
        result = function(*args, **kwargs)
    except kind:
        return
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - the wrong exception type is the failure
        raise AssertionError(
            f"{what} should raise {kind.__name__}, but raised {type(error).__name__}: {error}"
        ) from None
    raise AssertionError(f"{what} should raise {kind.__name__}, but returned {show_result(result)}")


def show_result(result) -> str:
    try:
        return show(result)
    except Exception:  # noqa: BLE001 - anything unprintable is shown by its type
        return type(result).__name__


def assert_equivariant(f: Callable, x, actions: Iterable[tuple[str, Callable, Callable]], what: str, *,
                       rtol: float = 1e-9, atol: float = 1e-12) -> None:
    """f commutes with every group element g of `actions`: f(g x) = g f(x).

    Args:
        f: the function under test; f(x) is an array (numpy or JAX) of any shape.
        x: the input, anything f accepts (an array of any shape).
        actions: triples (name, act_on_input, act_on_output): the group element in words
            ("translation by (2, 3)"), its action on inputs (maps x to an input of x's shape)
            and its action on outputs (maps f(x), as a numpy array, to an array of its shape).
        what: the property in words, the first line of the failure message.
        rtol: relative tolerance, entrywise as in `assert_close`.
        atol: absolute tolerance, entrywise as in `assert_close`.

    Raises:
        AssertionError: `what`, then the name of the first group element that breaks the
            property and the worst entry: g f(x) expected, f(g x) found.
    """
    fx = as_array(f(x), what)
    for name, act_on_input, act_on_output in actions:
        assert_close(f(act_on_input(x)), act_on_output(fx), f"{what}\nunder {name}", rtol=rtol, atol=atol)


def assert_invariant(f: Callable, x, actions: Iterable[tuple[str, Callable]], what: str, *,
                     rtol: float = 1e-9, atol: float = 1e-12) -> None:
    """f is unchanged by every group element g of `actions`: f(g x) = f(x).

    Args:
        f: the function under test; f(x) is an array (numpy or JAX) of any shape.
        x: the input, anything f accepts (an array of any shape).
        actions: pairs (name, act_on_input): the group element in words and its action on
            inputs (maps x to an input of x's shape).
        what: the property in words, the first line of the failure message.
        rtol: relative tolerance, entrywise as in `assert_close`.
        atol: absolute tolerance, entrywise as in `assert_close`.

    Raises:
        AssertionError: `what`, then the name of the first group element that changes f and
            the worst entry: f(x) expected, f(g x) found.
    """
    assert_equivariant(f, x, [(name, act, lambda fx: fx) for name, act in actions], what, rtol=rtol, atol=atol)


# (eps, rtol, atol) of `assert_gradient` by precision, for arrays and values of order one.  The
# step eps balances the truncation error of the central difference (~eps^2) against its rounding
# error (~machine epsilon / eps: 2e-10 in float64, 4e-5 in float32); the tolerances lie well above
# both, and far below the O(1) relative error of a gradient with a wrong sign or a missing factor.
FLOAT64_DEFAULTS, FLOAT32_DEFAULTS = (1e-6, 1e-6, 1e-6), (3e-3, 1e-2, 1e-2)


def assert_gradient(f: Callable, x, gradient, what: str, *, cotangent=None, directions=None,
                    rng: np.random.Generator | int = 0, n_directions: int = 3, eps: float | None = None,
                    rtol: float | None = None, atol: float | None = None) -> None:
    """A claimed gradient predicts the slope of f along directions v (central differences).

    Checks <dy, f(x + eps v) - f(x - eps v)> / (2 eps) = <dx, v> for each direction v, where
    dx is the claimed gradient of <dy, f(x)> with respect to x: the gradient of a scalar f,
    or, for an array-valued f, the vector-Jacobian product of the cotangent dy (what a
    backward pass returns).  As in `jax.test_util.check_grads`, a tuple or list x holds the
    positional arguments of f.

    Args:
        f: called as f(x) for an array x and as f(*x) for a tuple or list; returns an array
            (numpy or JAX) of any shape, a scalar if `cotangent` is None.
        x: the point: an array, or a tuple or list of arrays such as (X, W, b).
        gradient: the claimed dx, with the structure and shapes of x, such as (dX, dW, db).
        what: the property in words, the first line of the failure message.
        cotangent: dy, an array of the shape of f(x); None for a scalar f (dy = 1).
        directions: the directions v, each with the structure and shapes of x; by default
            `n_directions` standard normal directions drawn from `rng`.
        rng: a numpy Generator or a seed, for the default directions.
        n_directions: how many default directions.
        eps: the step; by default 1e-6, or 3e-3 if an array of x is float32.
        rtol: passes |<dx, v> - central difference| <= atol + rtol |central difference|;
            by default 1e-6, or 1e-2 if an array of x is float32.
        atol: see rtol; by default 1e-6, or 1e-2 if an array of x is float32.

    Raises:
        AssertionError: `what`, then a gradient of the wrong shape, or the first direction
            (by index) along which the claimed slope <dx, v> (found) differs from the central
            difference (expected).
    """
    arguments = isinstance(x, (tuple, list))
    xs = [np.asarray(a) for a in (x if arguments else [x])]
    xs = [a if np.issubdtype(a.dtype, np.floating) else a.astype(float) for a in xs]
    if arguments and not (isinstance(gradient, (tuple, list)) and len(gradient) == len(xs)):
        got = len(gradient) if isinstance(gradient, (tuple, list)) else show_result(gradient)
        raise AssertionError(f"{what}\nexpected {len(xs)} gradients, one per argument of f, got {got}")
    dxs = [assert_shape(dx, a.shape, f"{what}\nthe gradient" + (f" of argument {i}" if arguments else ""))
           for i, (dx, a) in enumerate(zip(gradient if arguments else [gradient], xs))]
    default_eps, default_rtol, default_atol = (
        FLOAT32_DEFAULTS if any(a.dtype == np.float32 for a in xs) else FLOAT64_DEFAULTS)
    eps = default_eps if eps is None else eps
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    dy = 1.0 if cotangent is None else np.asarray(cotangent, float)
    if directions is None:
        rng = np.random.default_rng(rng)
        directions = [[rng.normal(size=a.shape) for a in xs] for _ in range(n_directions)]
    else:
        directions = [[np.asarray(v) for v in (direction if arguments else [direction])] for direction in directions]

    def f_at(vs, step):
        moved = [a + step * v.astype(a.dtype) for a, v in zip(xs, vs)]
        return np.asarray(f(*moved) if arguments else f(moved[0]), float)

    for index, vs in enumerate(directions):
        slope = float(np.sum(dy * (f_at(vs, eps) - f_at(vs, -eps)))) / (2 * eps)
        claimed = sum(float(np.sum(dx * v)) for dx, v in zip(dxs, vs))
        assert_close(claimed, slope, f"{what}\nslope <gradient, v> along direction {index} vs the central "
                     f"difference", rtol=rtol, atol=atol)
