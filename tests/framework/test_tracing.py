"""traced_or_eager: a submitted function compiled once where JAX traces it, called as written where not."""

import jax.numpy as jnp
import numpy as np
import pytest

from autograder.tracing import traced_or_eager


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
