"""Oracles and input strategies shared by the week 2 tests (not collected: the name starts with _).

The oracles are written here, independently of the submission: a forward pass of the MLP
that runs with numpy or jax.numpy, and `jax.grad` of it in float64.  A backward pass is
checked as a vector-Jacobian product: for a fixed upstream gradient dY, the gradients of
L = sum(dY * Y) are exactly what the backward functions must return.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.checks import assert_close, assert_shape

jax.config.update("jax_enable_x64", True)

# One architecture and batch for the network tests (few shapes: JAX compiles a handful of times).
SIZES = (3, 5, 4, 2)
BATCH = 6

seeds = st.integers(0, 2**32 - 1)
activations = st.sampled_from(["tanh", "relu"])


def float_arrays(shape, bound=3.0):
    """Arrays of the given shape with float64 entries in [-bound, bound]."""
    return hnp.arrays(np.float64, shape, elements=st.floats(-bound, bound, allow_subnormal=False))


def reference_mlp(params, X, activation, xp=np):
    """The MLP forward pass of mlp_forward's docstring, with the array module xp (numpy or jax.numpy).

    ReLU is written `where(Z > 0, Z, 0)`, whose derivative at Z = 0 is 0 under jax.grad.
    """
    *hidden, (W_out, b_out) = params
    A = X
    for W, b in hidden:
        Z = A @ W + b
        A = xp.tanh(Z) if activation == "tanh" else xp.where(Z > 0, Z, 0.0)
    return A @ W_out + b_out


@jax.jit
def linear_vjp(dY, X, W, b):
    """jax.grad of sum(dY * (X @ W + b)) with respect to (X, W, b)."""
    return jax.grad(lambda X, W, b: jnp.sum(dY * (X @ W + b)), argnums=(0, 1, 2))(X, W, b)


@jax.jit
def tanh_vjp(dA, Z):
    """jax.grad of sum(dA * tanh(Z)) with respect to Z."""
    return jax.grad(lambda Z: jnp.sum(dA * jnp.tanh(Z)))(Z)


@jax.jit
def relu_vjp(dA, Z):
    """jax.grad of sum(dA * relu(Z)) with respect to Z, with relu'(0) = 0."""
    return jax.grad(lambda Z: jnp.sum(dA * jnp.where(Z > 0, Z, 0.0)))(Z)


@jax.jit
def mse_value_and_grad(Y, T):
    """0.5 * mean over the batch of sum over outputs of (Y - T)^2, and its jax.grad in Y."""
    return jax.value_and_grad(lambda Y: 0.5 * jnp.mean(jnp.sum((Y - T) ** 2, axis=-1)))(Y)


@partial(jax.jit, static_argnames="activation")
def _mlp_vjp(params, X, dY, activation):
    return jax.grad(lambda p: jnp.sum(dY * reference_mlp(p, X, activation, jnp)))(params)


def mlp_vjp(params, X, dY, activation):
    """jax.grad of sum(dY * Y(params)) with respect to params: what mlp_backward must return."""
    grads = _mlp_vjp([(jnp.asarray(W), jnp.asarray(b)) for W, b in params], jnp.asarray(X),
                     jnp.asarray(dY), activation)
    return [(np.asarray(dW), np.asarray(db)) for dW, db in grads]


def random_params(rng, sizes=SIZES):
    """Weights with entries of order 1/sqrt(n_in) (so tanh is neither linear nor saturated)."""
    return [(rng.normal(size=(n_in, n_out)) / np.sqrt(n_in), rng.normal(size=n_out) * 0.5)
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def random_problem(seed, sizes=SIZES, batch=BATCH):
    """(params, X, dY) for a network of the given layer sizes, from one seed."""
    rng = np.random.default_rng(seed)
    params = random_params(rng, sizes)
    return params, rng.normal(size=(batch, sizes[0])), rng.normal(size=(batch, sizes[-1]))


def copy_params(params):
    return [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]


def assert_grads_close(grads, expected, what, *, rtol=1e-9, atol=1e-10):
    """grads is a list of (dW, db) pairs shaped like `expected`, equal to it entrywise."""
    grads = list(grads) if grads is not None else None
    if grads is None or len(grads) != len(expected):
        found = "None" if grads is None else f"{len(grads)} entries"
        raise AssertionError(f"{what}: expected a list of {len(expected)} (dW, db) pairs, one per layer, "
                             f"got {found}")
    for layer, (pair, (dW_expected, db_expected)) in enumerate(zip(grads, expected)):
        dW, db = pair
        assert_close(dW, dW_expected, f"{what}: dW of layer {layer}", rtol=rtol, atol=atol)
        assert_close(db, db_expected, f"{what}: db of layer {layer}", rtol=rtol, atol=atol)


def assert_layouts(grads, params, what):
    """Each (dW, db) has exactly the shape of its (W, b)."""
    grads = list(grads)
    if len(grads) != len(params):
        raise AssertionError(f"{what}: expected {len(params)} (dW, db) pairs, one per layer, got {len(grads)}")
    for layer, ((dW, db), (W, b)) in enumerate(zip(grads, params)):
        assert_shape(dW, W.shape, f"{what}: dW of layer {layer} must have W's layout (n_in, n_out)")
        assert_shape(db, b.shape, f"{what}: db of layer {layer} must have b's shape (n_out,)")


# The layer functions of mlp.py, standing in for the student's inside the whole-network tests
# (`mlp.oracles(**LAYER_ORACLES)`): a bug in a layer function costs only its own task.
def _linear_forward(X, W, b):
    return np.asarray(X, float) @ np.asarray(W, float) + np.asarray(b, float)


def _linear_backward(dY, X, W):
    dY, X, W = (np.asarray(a, float) for a in (dY, X, W))
    return dY @ W.T, X.T @ dY, dY.sum(axis=0)


def _tanh_backward(dA, A):
    return np.asarray(dA, float) * (1.0 - np.asarray(A, float) ** 2)


def _relu_backward(dA, Z):
    return np.asarray(dA, float) * (np.asarray(Z, float) > 0)


LAYER_ORACLES = {"linear_forward": _linear_forward, "linear_backward": _linear_backward,
                 "tanh_backward": _tanh_backward, "relu_backward": _relu_backward}
