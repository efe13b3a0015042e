"""Calling a submitted JAX function in the tests: compiled once where it traces, as written where not."""

from __future__ import annotations

import functools
from collections.abc import Callable


def traced_or_eager(function: Callable) -> Callable:
    """`function` compiled by jax.jit, or called as it is where that fails.

    For submitted functions of small inputs (one configuration, one phase-space point, a
    small batch): a jittable one compiles once per shape of its arguments rather than every
    jax.numpy operation on its own, and one that JAX cannot trace (float(), numpy, a Python
    `if` on a value) is called eagerly exactly as without this wrapper, with the same
    result, error and feedback, from its first failed trace on.  Not for functions that loop
    over many steps or samples, which jax.jit would unroll.
    """
    import jax

    compiled, traceable = jax.jit(function), True

    def call(*args):
        nonlocal traceable
        if traceable:
            try:
                return compiled(*args)
            except Exception:  # noqa: BLE001 - whatever the trace stumbled on, the eager call decides
                traceable = False  # and later calls go straight to it: the trace would fail again
        return function(*args)

    return call


@functools.cache
def traced_or_eager_once(function: Callable) -> Callable:
    """The one `traced_or_eager` wrapper of `function`, shared by every test that calls it.

    For a submitted module-level function called from several tests: its compiles (one per
    shape) are paid once per grading process, not once per test.
    """
    return traced_or_eager(function)
