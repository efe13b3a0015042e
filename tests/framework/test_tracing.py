"""traced_or_eager: a submitted function compiled once where JAX traces it, called as written where not."""

import jax.numpy as jnp
import numpy as np
import pytest

from autograder.tracing import traced_or_eager, traced_or_eager_once


def test_a_traceable_function_is_traced_once_per_shape():
    traces = []

    def energy(x):
        traces.append(type(x).__name__)
        return jnp.sum(x * x) / 2

    call = traced_or_eager(energy)
    assert [float(call(jnp.array([1.0, 2.0]))), float(call(jnp.array([3.0, 4.0])))] == [2.5, 12.5]
    assert len(traces) == 1 and "Tracer" in traces[0]  # compiled once, the second call reuses it


def test_an_untraceable_function_is_called_as_written_with_its_own_result_and_error():
    calls = []

    def energy(x):  # numpy and a Python `if` on a value: JAX cannot trace it
        calls.append(x)
        if float(np.sum(x)) < 0:
            raise ValueError("a negative configuration")
        return float(np.sum(np.asarray(x) ** 2) / 2)

    call = traced_or_eager(energy)
    assert call(jnp.array([1.0, 2.0])) == 2.5
    with pytest.raises(ValueError, match="a negative configuration"):
        call(jnp.array([-1.0, -2.0]))
    assert len(calls) == 3  # one failed trace, then every call eagerly (no second trace)


def test_the_shared_wrapper_of_a_function_compiles_once_for_all_its_callers():
    traces = []

    def energy(x):
        traces.append(x)
        return jnp.sum(x) * 2

    first_test, second_test = traced_or_eager_once(energy), traced_or_eager_once(energy)
    assert first_test is second_test
    assert [float(first_test(jnp.array([1.0]))), float(second_test(jnp.array([2.0])))] == [2.0, 4.0]
    assert len(traces) == 1
    assert traced_or_eager_once(lambda x: x) is not first_test  # another function, another wrapper
