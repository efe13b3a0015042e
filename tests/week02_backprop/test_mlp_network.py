"""Week 2, mlp.py: the whole network, forward (mlp_forward) and backward (mlp_backward).

Inside these tests the student's mlp_forward and mlp_backward call the oracles' layer
functions (LAYER_ORACLES), not the student's: a bug in linear_backward costs linear_backward,
not mlp_backward too.  The cache is the student's own (its layout is theirs to choose), so
mlp_backward's tests build it with the student's mlp_forward.
"""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from _mlp_oracles import (
    BATCH, LAYER_ORACLES, SIZES, activations, assert_grads_close, assert_layouts, copy_params, mlp_vjp,
    random_params, random_problem, reference_mlp, seeds,
)
from autograder.checks import assert_close, assert_gradient, assert_raises_value_error
from autograder.submission import submission_module

mlp = submission_module("week02_backprop", "mlp.py")


@pytest.fixture(autouse=True, scope="module")
def _layer_oracles():
    """The whole file runs with the oracles' layer functions inside the student's module."""
    with mlp.oracles(**LAYER_ORACLES):
        yield

# The worked network: 2 inputs -> 2 hidden units -> 1 output, batch of two examples.
WORKED_X = np.array([[1.0, -1.0], [0.0, 0.0]])
WORKED_PARAMS = [(np.array([[1.0, 2.0], [1.0, -1.0]]), np.array([0.5, -1.0])),
                 (np.array([[1.0], [0.5]]), np.array([-3.0]))]


def as_grads(grads):
    """The gradients as a list of (dW, db) numpy pairs, for arithmetic in the tests."""
    return [(np.asarray(dW, float), np.asarray(db, float)) for dW, db in grads]


def backprop(params, X, dY, activation):
    """mlp_backward after a fresh mlp_forward (one cache per call), as numpy pairs."""
    _, cache = mlp.mlp_forward(params, X, activation=activation)
    return as_grads(mlp.mlp_backward(params, cache, dY))


# ---------------------------------------------------------------- mlp_forward


@pytest.mark.task("mlp_forward")
def test_mlp_forward_worked_example():
    """A two-layer network by hand: hidden units sigma(X W1 + b1), then a LINEAR output layer.

    X = [[1, -1], [0, 0]], W1 = [[1, 2], [1, -1]], b1 = [0.5, -1], W2 = [[1], [0.5]], b2 = [-3]:
    Z1 = [[0.5, 2], [0.5, -1]]; with relu Y = [[-1.5], [-2.5]], with tanh
    Y = tanh(Z1) @ W2 + b2.
    Hint: every layer but the last applies the activation; the output layer is linear, so negative outputs survive relu.
    """
    Y, _ = mlp.mlp_forward(WORKED_PARAMS, WORKED_X, activation="relu")
    assert_close(Y, [[-1.5], [-2.5]], "relu network output")
    Y, _ = mlp.mlp_forward(WORKED_PARAMS, WORKED_X, activation="tanh")
    hidden = np.tanh([[0.5, 2.0], [0.5, -1.0]])
    assert_close(Y, hidden @ [[1.0], [0.5]] - 3.0, "tanh network output")
    Y, _ = mlp.mlp_forward(WORKED_PARAMS, WORKED_X)
    assert_close(Y, hidden @ [[1.0], [0.5]] - 3.0, "output with the default activation (tanh)")


@pytest.mark.task("mlp_forward")
@given(seed=seeds, activation=activations)
def test_mlp_forward_matches_reference(seed, activation):
    """The output of a 3 -> 5 -> 4 -> 2 network equals the layer-by-layer formula.

    A_0 = X, A_l = sigma(A_{l-1} W_l + b_l) for the hidden layers, Y = A_{L-1} W_L + b_L.
    Hint: loop over params in order; apply the activation to every layer except the last.
    """
    params, X, _ = random_problem(seed)
    Y, _ = mlp.mlp_forward(params, X, activation=activation)
    assert_close(Y, reference_mlp(params, X, activation), f"{activation} network output", atol=1e-12)


@pytest.mark.task("mlp_forward")
@given(seed=seeds, activation=activations)
def test_mlp_forward_single_layer_is_affine(seed, activation):
    """A network of one layer has no hidden layer: it is the affine map X W + b, whatever the activation.

    Hint: the output layer is linear; with a single layer no activation is applied at all.
    """
    rng = np.random.default_rng(seed)
    params = random_params(rng, (3, 2))
    X = rng.normal(size=(BATCH, 3))
    Y, _ = mlp.mlp_forward(params, X, activation=activation)
    assert_close(Y, X @ params[0][0] + params[0][1], "one-layer network output", atol=1e-12)


@pytest.mark.task("mlp_forward")
@given(seed=seeds, activation=activations, shift=st.floats(-5, 5))
def test_mlp_forward_output_layer_is_linear(seed, activation, shift):
    """The output is linear in the last layer: shifting its bias by c shifts every output by c.

    Hint: the output layer must not apply the activation.
    """
    params, X, _ = random_problem(seed)
    W_last, b_last = params[-1]
    Y, _ = mlp.mlp_forward(params, X, activation=activation)
    Y_shifted, _ = mlp.mlp_forward(params[:-1] + [(W_last, b_last + shift)], X, activation=activation)
    assert_close(Y_shifted, np.asarray(Y) + shift, f"output with the last bias shifted by {shift:g}",
                 atol=1e-12)


@pytest.mark.task("mlp_forward")
@given(seed=seeds, scale=st.floats(0.1, 10))
def test_mlp_forward_symmetries_without_bias(seed, scale):
    """Without biases, a tanh network is odd, f(-X) = -f(X), and a relu network is homogeneous, f(aX) = a f(X) for a > 0.

    Hint: check that `activation` selects tanh or relu as asked, in every hidden layer.
    """
    rng = np.random.default_rng(seed)
    params = [(W, np.zeros_like(b)) for W, b in random_params(rng)]
    X = rng.normal(size=(BATCH, SIZES[0]))
    Y, _ = mlp.mlp_forward(params, X, activation="tanh")
    Y_minus, _ = mlp.mlp_forward(params, -X, activation="tanh")
    assert_close(Y_minus, -np.asarray(Y), "tanh network at -X vs minus its output at X", atol=1e-12)
    Y, _ = mlp.mlp_forward(params, X, activation="relu")
    Y_scaled, _ = mlp.mlp_forward(params, scale * X, activation="relu")
    assert_close(Y_scaled, scale * np.asarray(Y), f"relu network at {scale:g} X vs {scale:g} times its output",
                 atol=1e-12)


@pytest.mark.task("mlp_forward")
def test_mlp_forward_rejects_bad_input():
    """An unknown activation name or inputs of the wrong width are rejected.

    Hint: only "tanh" and "relu" are valid; raise ValueError for anything else.
    """
    assert_raises_value_error(mlp.mlp_forward, WORKED_PARAMS, WORKED_X, activation="sigmoid",
                              what='activation="sigmoid"')
    assert_raises_value_error(mlp.mlp_forward, WORKED_PARAMS, np.ones((2, 3)),
                              what="X with 3 features for a first layer with 2 inputs")


# ---------------------------------------------------------------- mlp_backward


@pytest.mark.task("mlp_backward")
def test_mlp_backward_worked_example():
    """Backpropagation by hand through the worked relu network with dY = [[1], [2]].

    A1 = relu(Z1) = [[0.5, 2], [0.5, 0]] gives dW2 = A1^T dY = [[1.5], [2]], db2 = [3];
    dA1 = dY W2^T = [[1, 0.5], [2, 1]], blocked where Z1 < 0: dZ1 = [[1, 0.5], [2, 0]];
    dW1 = X^T dZ1 = [[1, 0.5], [-1, -0.5]], db1 = [3, 0.5].
    Hint: go from the last layer to the first; below a hidden layer multiply by the activation's derivative.
    """
    _, cache = mlp.mlp_forward(WORKED_PARAMS, WORKED_X, activation="relu")
    grads = mlp.mlp_backward(WORKED_PARAMS, cache, np.array([[1.0], [2.0]]))
    expected = [(np.array([[1.0, 0.5], [-1.0, -0.5]]), np.array([3.0, 0.5])),
                (np.array([[1.5], [2.0]]), np.array([3.0]))]
    assert_grads_close(grads, expected, "worked relu network")


@pytest.mark.task("mlp_backward")
def test_mlp_backward_blocks_the_gradient_at_the_relu_kink():
    """A hidden unit exactly at the ReLU kink, Z = 0, passes no gradient: relu'(0) = 0.

    W1 = [[1, -1], [2, 1]], b1 = [0, 0.5], W2 = [[1], [1]], b2 = [0], X = [[0, 0], [1, 1]],
    dY = [[1], [1]]: Z1 = [[0, 0.5], [3, 0.5]], the first unit of example 1 sits at the kink,
    so dZ1 = [[0, 1], [1, 1]] and db1 = [1, 2] (dW1 = [[1, 1], [1, 1]], dW2 = [[3], [1]], db2 = [2]).
    Hint: the hidden layer's derivative is 1 where Z > 0 and 0 where Z <= 0 (re-read relu_backward's docstring).
    """
    params = [(np.array([[1.0, -1.0], [2.0, 1.0]]), np.array([0.0, 0.5])), (np.array([[1.0], [1.0]]), np.array([0.0]))]
    _, cache = mlp.mlp_forward(params, np.array([[0.0, 0.0], [1.0, 1.0]]), activation="relu")
    grads = mlp.mlp_backward(params, cache, np.array([[1.0], [1.0]]))
    expected = [(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([1.0, 2.0])), (np.array([[3.0], [1.0]]), np.array([2.0]))]
    assert_grads_close(grads, expected, "relu network with a unit at Z = 0")


@pytest.mark.task("mlp_backward")
@given(seed=seeds, activation=activations)
def test_mlp_backward_gradients_have_the_layout_of_params(seed, activation):
    """grads is a list of (dW, db), first layer first, each dW (n_in, n_out) like its W.

    Hint: collect the gradients while walking backwards, then return them in the order of params.
    """
    params, X, dY = random_problem(seed)
    _, cache = mlp.mlp_forward(params, X, activation=activation)
    assert_layouts(mlp.mlp_backward(params, cache, dY), params, f"{activation} network 3 -> 5 -> 4 -> 2")


@pytest.mark.task("mlp_backward")
@given(seed=seeds, activation=activations)
def test_mlp_backward_matches_jax_grad(seed, activation):
    """The gradients equal jax.grad of L = sum(dY * Y(params)) for a 3 -> 5 -> 4 -> 2 network.

    Hint: tanh_backward takes the hidden layer's output A, relu_backward its pre-activation Z.
    """
    params, X, dY = random_problem(seed)
    _, cache = mlp.mlp_forward(params, X, activation=activation)
    assert_grads_close(mlp.mlp_backward(params, cache, dY), mlp_vjp(params, X, dY, activation),
                       f"{activation} network against jax.grad")


@pytest.mark.task("mlp_backward")
@given(seed=seeds, activation=activations)
def test_mlp_backward_is_the_directional_derivative(seed, activation):
    """The gradients predict how L = sum(dY * Y) changes when all parameters move along a direction V.

    d/dt L(params + t V) at t = 0 equals sum over layers of <dW, VW> + <db, Vb> (finite differences).
    Hint: every layer's gradient must include the derivatives of all the layers above it.
    """
    params, X, dY = random_problem(seed)

    def network(*weights_and_biases):
        return reference_mlp(list(zip(weights_and_biases[::2], weights_and_biases[1::2])), X, activation)

    assert_gradient(network, [array for layer in params for array in layer],
                    [array for layer in backprop(params, X, dY, activation) for array in layer],
                    f"{activation} network: sum <grad, V> is the slope of L along V", cotangent=dY,
                    rng=np.random.default_rng(seed + 1), rtol=1e-6, atol=1e-6)


@pytest.mark.task("mlp_backward")
@given(seed=seeds, activation=activations)
def test_mlp_backward_reuses_the_cache(seed, activation):
    """mlp_backward is pure: params and the cache stay intact, so one cache serves several backward calls.

    Calling backward twice with the same dY gives identical gradients, and a call with
    another dY agrees with a fresh forward pass.
    Hint: never write into arrays of the cache or params (A *= ..., A **= ..., dW -= ...); build new arrays.
    """
    params, X, dY1 = random_problem(seed)
    dY2 = np.random.default_rng(seed + 1).normal(size=dY1.shape)
    untouched = copy_params(params)
    _, cache = mlp.mlp_forward(params, X, activation=activation)
    first = as_grads(mlp.mlp_backward(params, cache, dY1))
    second = mlp.mlp_backward(params, cache, dY2)
    again = mlp.mlp_backward(params, cache, dY1)
    for layer, ((W, b), (W0, b0)) in enumerate(zip(params, untouched)):
        assert_close(W, W0, f"W of layer {layer} after three backward calls", rtol=0, atol=0)
        assert_close(b, b0, f"b of layer {layer} after three backward calls", rtol=0, atol=0)
    assert_grads_close(second, backprop(copy_params(params), X.copy(), dY2, activation),
                       "second backward call on a used cache vs on a fresh cache", rtol=1e-12, atol=1e-14)
    assert_grads_close(again, first, "the same backward call repeated on one cache", rtol=1e-12, atol=1e-14)


@pytest.mark.task("mlp_backward")
@given(seed=seeds, activation=activations, a=st.floats(-2, 2), c=st.floats(-2, 2))
def test_mlp_backward_is_linear_in_dY(seed, activation, a, c):
    """Backpropagation is linear in the upstream gradient: grads(a dY1 + c dY2) = a grads(dY1) + c grads(dY2).

    Hint: each step multiplies the upstream gradient by a Jacobian that does not depend on dY.
    """
    params, X, dY1 = random_problem(seed)
    dY2 = np.random.default_rng(seed + 1).normal(size=dY1.shape)
    first, second = backprop(params, X, dY1, activation), backprop(params, X, dY2, activation)
    expected = [(a * dW1 + c * dW2, a * db1 + c * db2) for (dW1, db1), (dW2, db2) in zip(first, second)]
    assert_grads_close(backprop(params, X, a * dY1 + c * dY2, activation), expected,
                       f"{activation} network, gradients of a*dY1 + c*dY2")


@pytest.mark.task("mlp_backward")
@given(seed=seeds, activation=activations)
def test_mlp_backward_batch_is_sum_of_examples(seed, activation):
    """The batch's gradient is the sum of the examples' gradients, each from its own forward pass.

    Hint: dW = A^T dZ and db = sum of dZ over the batch add up the examples.
    """
    params, X, dY = random_problem(seed)
    total = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    for n in range(BATCH):
        single = backprop(params, X[n:n + 1], dY[n:n + 1], activation)
        total = [(tW + dW, tb + db) for (tW, tb), (dW, db) in zip(total, single)]
    assert_grads_close(backprop(params, X, dY, activation), total, f"{activation} network, batch vs sum over examples")


@pytest.mark.task("mlp_backward")
def test_mlp_backward_rejects_mismatched_dY():
    """An upstream gradient that does not have the output's shape is rejected.

    Hint: dY must have the shape (B, n_out) of the network's output Y; raise ValueError otherwise.
    """
    _, cache = mlp.mlp_forward(WORKED_PARAMS, WORKED_X, activation="tanh")
    assert_raises_value_error(mlp.mlp_backward, WORKED_PARAMS, cache, np.ones((2, 2)),
                              what="dY with 2 outputs for a network with 1")
