"""Week 2, mlp.py: the building blocks (affine layer, activations, loss), forward and backward."""

import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from _mlp_oracles import float_arrays, linear_vjp, mse_value_and_grad, relu_vjp, seeds, tanh_vjp
from autograder.checks import assert_close, assert_gradient, assert_raises_value_error
from autograder.submission import submission_module

mlp = submission_module("week02_backprop", "mlp.py")

B, N_IN, N_OUT = 4, 3, 2  # batch and layer sizes of the random tests (W is not square)


def split_rows(*arrays):
    """Per-example batches of one row each: [(a[0:1], b[0:1], ...), (a[1:2], ...), ...]."""
    return [tuple(a[i:i + 1] for a in arrays) for i in range(len(arrays[0]))]


# ---------------------------------------------------------------- linear_forward


@pytest.mark.task("linear_forward")
def test_linear_forward_worked_example():
    """An affine layer by hand: Y = X @ W + b with W stored (n_in, n_out).

    X = [[1, 2], [0, -1]], W = [[1, 0, -1], [2, 1, 0]], b = [0.5, 0, -1]
    gives Y = [[5.5, 2, -2], [-1.5, -1, -1]].
    Hint: W has shape (n_in, n_out), so the layer is X @ W (not X @ W.T); b is added to every row.
    """
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    b = np.array([0.5, 0.0, -1.0])
    assert_close(mlp.linear_forward(X, W, b), [[5.5, 2.0, -2.0], [-1.5, -1.0, -1.0]],
                 "X @ W + b for the worked example")


@pytest.mark.task("linear_forward")
@given(X=float_arrays((B, N_IN)), W=float_arrays((N_IN, N_OUT)), b=float_arrays((N_OUT,)))
def test_linear_forward_matches_index_sum(X, W, b):
    """The affine layer is Y[n, j] = sum_i X[n, i] W[i, j] + b[j] for every example n.

    Hint: re-read the shapes in the docstring of linear_forward.
    """
    expected = np.einsum("ni,ij->nj", X, W) + b
    assert_close(mlp.linear_forward(X, W, b), expected, "X @ W + b", atol=1e-10)


@pytest.mark.task("linear_forward")
@given(seed=seeds)
def test_linear_forward_acts_on_each_example_alone(seed):
    """Each example goes through the layer on its own: row n of Y depends only on row n of X.

    Hint: the batch axis is axis 0 of X and Y; b has shape (n_out,) and is added to every row.
    """
    rng = np.random.default_rng(seed)
    X, W, b = rng.normal(size=(B, N_IN)), rng.normal(size=(N_IN, N_OUT)), rng.normal(size=N_OUT)
    Y = np.asarray(mlp.linear_forward(X, W, b))
    for n, (row,) in enumerate(split_rows(X)):
        assert_close(Y[n:n + 1], mlp.linear_forward(row, W, b),
                     f"example {n} in the batch vs the same example alone", atol=1e-12)


@pytest.mark.task("linear_forward")
def test_linear_forward_rejects_mismatched_shapes():
    """Inputs, weights and bias that are not a batch, a matrix and a vector that fit together are rejected.

    A single example X of shape (n_in,) would silently give an output of shape (n_out,).
    Hint: X must be 2-D (B, n_in) even for one example, W 2-D (n_in, n_out), b (n_out,); raise ValueError otherwise.
    """
    X, W, b = np.ones((B, N_IN)), np.ones((N_IN, N_OUT)), np.ones(N_OUT)
    assert_raises_value_error(mlp.linear_forward, np.ones(N_IN), W, b,
                              what="one example X of shape (3,) instead of a batch (1, 3)")
    assert_raises_value_error(mlp.linear_forward, X, np.ones(N_IN), np.ones(1),
                              what="W of shape (3,) instead of a matrix (3, 1)")
    assert_raises_value_error(mlp.linear_forward, np.ones((B, N_IN + 1)), W, b,
                              what="X with 4 features for W with 3 rows")
    assert_raises_value_error(mlp.linear_forward, X, W, np.ones(N_OUT + 1),
                              what="b with 3 entries for a layer with 2 outputs")


# ---------------------------------------------------------------- linear_backward


@pytest.mark.task("linear_backward")
def test_linear_backward_worked_example():
    """The affine layer's gradients by hand: dX = dY W^T, dW = X^T dY, db = sum over the batch of dY.

    X = [[1, 2], [3, -1]], W = [[1, 0, 2], [-1, 1, 0]], dY = [[1, 0, -1], [2, 1, 0]] give
    dX = [[-1, -1], [2, -1]], dW = [[7, 3, -1], [0, -1, -2]], db = [3, 1, -1].
    Hint: dW has the layout of W, (n_in, n_out); db is summed (not averaged) over the batch.
    """
    X = np.array([[1.0, 2.0], [3.0, -1.0]])
    W = np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0]])
    dY = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    dX, dW, db = mlp.linear_backward(dY, X, W)
    assert_close(dX, [[-1.0, -1.0], [2.0, -1.0]], "dX = dY @ W.T")
    assert_close(dW, [[7.0, 3.0, -1.0], [0.0, -1.0, -2.0]], "dW = X.T @ dY, shape (n_in, n_out)")
    assert_close(db, [3.0, 1.0, -1.0], "db = dY summed over the batch")


@pytest.mark.task("linear_backward")
@given(dY=float_arrays((B, N_OUT)), X=float_arrays((B, N_IN)), W=float_arrays((N_IN, N_OUT)))
def test_linear_backward_matches_jax_grad(dY, X, W):
    """The layer's gradients equal jax.grad of L = sum(dY * (X @ W + b)).

    Hint: dX = dY @ W.T, dW = X.T @ dY, db = dY.sum(axis=0).
    """
    expected = linear_vjp(dY, X, W, np.zeros(N_OUT))
    for name, actual, oracle in zip(("dX", "dW", "db"), mlp.linear_backward(dY, X, W), expected):
        assert_close(actual, oracle, f"{name} against jax.grad", atol=1e-10)


@pytest.mark.task("linear_backward")
@given(seed=seeds)
def test_linear_backward_is_the_directional_derivative(seed):
    """The gradients predict how L = sum(dY * (X @ W + b)) changes along any direction (finite differences).

    d/dt L(X + t VX, W + t VW, b + t Vb) at t = 0 equals <dX, VX> + <dW, VW> + <db, Vb>.
    Hint: each gradient has the shape of its variable and sums over the batch where needed.
    """
    rng = np.random.default_rng(seed)
    X, W, b, dY = (rng.normal(size=s) for s in ((B, N_IN), (N_IN, N_OUT), N_OUT, (B, N_OUT)))
    assert_gradient(lambda X, W, b: X @ W + b, (X, W, b), mlp.linear_backward(dY, X, W),
                    "<dX,VX> + <dW,VW> + <db,Vb> is the slope of L along V = (VX, VW, Vb)",
                    cotangent=dY, rng=rng, rtol=1e-6, atol=1e-6)


@pytest.mark.task("linear_backward")
@given(seed=seeds)
def test_linear_backward_batch_is_sum_of_examples(seed):
    """The batch's parameter gradient is the sum of the examples' gradients; dX is per example.

    Hint: dW and db add up the contributions of all B examples (a sum, not a mean).
    """
    rng = np.random.default_rng(seed)
    dY, X, W = rng.normal(size=(B, N_OUT)), rng.normal(size=(B, N_IN)), rng.normal(size=(N_IN, N_OUT))
    dX, dW, db = mlp.linear_backward(dY, X, W)
    singles = [mlp.linear_backward(dY_n, X_n, W) for dY_n, X_n in split_rows(dY, X)]
    assert_close(dX, np.concatenate([np.asarray(s[0]) for s in singles]), "dX row by row", atol=1e-12)
    assert_close(dW, sum(np.asarray(s[1]) for s in singles), "dW vs the sum of per-example dW", atol=1e-12)
    assert_close(db, sum(np.asarray(s[2]) for s in singles), "db vs the sum of per-example db", atol=1e-12)


@pytest.mark.task("linear_backward")
@given(seed=seeds, a=st.floats(-2, 2), c=st.floats(-2, 2))
def test_linear_backward_is_linear_in_dY(seed, a, c):
    """Backpropagation is linear in the upstream gradient: backward(a dY1 + c dY2) = a backward(dY1) + c backward(dY2).

    Hint: every output of linear_backward is a product of dY with X or W, or a sum of dY.
    """
    rng = np.random.default_rng(seed)
    dY1, dY2 = rng.normal(size=(2, B, N_OUT))
    X, W = rng.normal(size=(B, N_IN)), rng.normal(size=(N_IN, N_OUT))
    combined = mlp.linear_backward(a * dY1 + c * dY2, X, W)
    first, second = mlp.linear_backward(dY1, X, W), mlp.linear_backward(dY2, X, W)
    for name, g, g1, g2 in zip(("dX", "dW", "db"), combined, first, second):
        assert_close(g, a * np.asarray(g1) + c * np.asarray(g2), f"{name} of a*dY1 + c*dY2", atol=1e-10)


@pytest.mark.task("linear_backward")
def test_linear_backward_rejects_mismatched_shapes():
    """Gradients of arrays that are not 2-D or do not fit together are rejected.

    Hint: X (B, n_in), W (n_in, n_out), dY (B, n_out), all 2-D; raise ValueError otherwise.
    """
    dY, X, W = np.ones((B, N_OUT)), np.ones((B, N_IN)), np.ones((N_IN, N_OUT))
    assert_raises_value_error(mlp.linear_backward, np.ones(N_OUT), np.ones(N_IN), W,
                              what="one example (X of shape (3,), dY of shape (2,)) instead of a batch")
    assert_raises_value_error(mlp.linear_backward, np.ones((B, 1)), X, np.ones(N_IN),
                              what="W of shape (3,) instead of a matrix (3, 1)")
    assert_raises_value_error(mlp.linear_backward, dY, np.ones((B, N_IN + 1)), W,
                              what="X with 4 features for W with 3 rows")
    assert_raises_value_error(mlp.linear_backward, np.ones((B + 1, N_OUT)), X, W,
                              what="dY for 5 examples with X for 4")
    assert_raises_value_error(mlp.linear_backward, np.ones((B, N_OUT + 1)), X, W,
                              what="dY with 3 outputs for a layer with 2")


# ---------------------------------------------------------------- tanh_backward


@pytest.mark.task("tanh_backward")
def test_tanh_backward_worked_example():
    """The tanh derivative from its output: dZ = dA * (1 - A^2), with A = tanh(Z) given.

    A = [0, 0.5, -0.5, 0.8], dA = [1, 2, 4, -1] give dZ = [1, 1.5, 3, -0.36].
    Hint: the second argument is the OUTPUT A = tanh(Z), not Z: do not apply tanh to it again.
    """
    A = np.array([[0.0, 0.5, -0.5, 0.8]])
    dA = np.array([[1.0, 2.0, 4.0, -1.0]])
    assert_close(mlp.tanh_backward(dA, A), [[1.0, 1.5, 3.0, -0.36]], "dA * (1 - A^2)")


@pytest.mark.task("tanh_backward")
@given(dA=float_arrays((B, N_IN)), Z=float_arrays((B, N_IN)))
@example(dA=np.full((B, N_IN), 2.0), Z=np.linspace(-3.0, 3.0, B * N_IN).reshape(B, N_IN))
def test_tanh_backward_matches_jax_grad(dA, Z):
    """dZ equals jax.grad of sum(dA * tanh(Z)), when tanh_backward gets A = tanh(Z).

    Hint: d tanh(z)/dz = 1 - tanh(z)^2 = 1 - A^2, times the upstream gradient dA.
    """
    assert_close(mlp.tanh_backward(dA, np.tanh(Z)), tanh_vjp(dA, Z), "dZ against jax.grad", atol=1e-12)


@pytest.mark.task("tanh_backward")
@given(seed=seeds)
def test_tanh_backward_is_the_directional_derivative(seed):
    """dZ predicts how sum(dA * tanh(Z)) changes along any direction V of Z (finite differences).

    Hint: dZ = dA * (1 - A^2) with A = tanh(Z).
    """
    rng = np.random.default_rng(seed)
    Z, dA = rng.normal(size=(2, B, N_IN))
    assert_gradient(np.tanh, Z, mlp.tanh_backward(dA, np.tanh(Z)),
                    "<dZ, V> is the slope of sum(dA * tanh(Z)) along V", cotangent=dA, rng=rng, rtol=1e-6, atol=1e-7)


@pytest.mark.task("tanh_backward")
@given(seed=seeds, a=st.floats(-2, 2), c=st.floats(-2, 2))
def test_tanh_backward_is_linear_in_dA(seed, a, c):
    """Backpropagation through tanh is linear in the upstream gradient dA.

    Hint: dZ is dA times the local derivative 1 - A^2, entry by entry.
    """
    rng = np.random.default_rng(seed)
    dA1, dA2, Z = rng.normal(size=(3, B, N_IN))
    A = np.tanh(Z)
    expected = a * np.asarray(mlp.tanh_backward(dA1, A)) + c * np.asarray(mlp.tanh_backward(dA2, A))
    assert_close(mlp.tanh_backward(a * dA1 + c * dA2, A), expected, "dZ of a*dA1 + c*dA2", atol=1e-12)


@pytest.mark.task("tanh_backward")
def test_tanh_backward_rejects_mismatched_shapes():
    """dA and A of different shapes are rejected instead of broadcast.

    Hint: compare dA.shape with A.shape and raise ValueError if they differ.
    """
    assert_raises_value_error(mlp.tanh_backward, np.ones((B, N_IN)), np.ones(N_IN),
                              what="dA of shape (4, 3) with A of shape (3,)")
    assert_raises_value_error(mlp.tanh_backward, np.ones((B, N_IN)), np.ones((N_IN, B)),
                              what="dA of shape (4, 3) with A of shape (3, 4)")


# ---------------------------------------------------------------- relu_backward


@pytest.mark.task("relu_backward")
def test_relu_backward_worked_example():
    """ReLU passes the gradient where Z > 0 and blocks it where Z <= 0, including Z = 0 exactly.

    Z = [[-1, 0, 2], [0.5, -0, -3]], dA = [[3, 5, 7], [1, 2, 4]] give dZ = [[0, 0, 7], [1, 0, 0]].
    Hint: the derivative of relu at exactly 0 is 0: use Z > 0, not Z >= 0.
    """
    Z = np.array([[-1.0, 0.0, 2.0], [0.5, -0.0, -3.0]])
    dA = np.array([[3.0, 5.0, 7.0], [1.0, 2.0, 4.0]])
    assert_close(mlp.relu_backward(dA, Z), [[0.0, 0.0, 7.0], [1.0, 0.0, 0.0]], "dA * (Z > 0)")


@pytest.mark.task("relu_backward")
@given(dA=float_arrays((B, N_IN)),
       Z=float_arrays((B, N_IN)).map(lambda Z: np.where(np.abs(Z) < 1, 0.0, Z)))
@example(dA=np.ones((B, N_IN)), Z=np.zeros((B, N_IN)))
def test_relu_backward_matches_jax_grad(dA, Z):
    """dZ equals jax.grad of sum(dA * relu(Z)), with derivative 0 at Z = 0.

    Hint: relu'(z) is 1 for z > 0 and 0 for z <= 0; multiply by the upstream gradient dA.
    """
    assert_close(mlp.relu_backward(dA, Z), relu_vjp(dA, Z), "dZ against jax.grad", atol=0)


@pytest.mark.task("relu_backward")
@given(seed=seeds, a=st.floats(-2, 2), c=st.floats(-2, 2), scale=st.floats(0.01, 100))
def test_relu_backward_is_linear_in_dA_and_scale_free_in_Z(seed, a, c, scale):
    """ReLU backprop is linear in dA and depends on Z only through its sign (relu is scale-free).

    Hint: dZ = dA where Z > 0, else 0: the size of Z does not matter, only whether it is positive.
    """
    rng = np.random.default_rng(seed)
    dA1, dA2 = rng.normal(size=(2, B, N_IN))
    Z = rng.normal(size=(B, N_IN)) * (rng.random((B, N_IN)) < 0.8)  # a fifth of the entries are 0
    expected = a * np.asarray(mlp.relu_backward(dA1, Z)) + c * np.asarray(mlp.relu_backward(dA2, Z))
    assert_close(mlp.relu_backward(a * dA1 + c * dA2, Z), expected, "dZ of a*dA1 + c*dA2", atol=1e-12)
    assert_close(mlp.relu_backward(dA1, scale * Z), mlp.relu_backward(dA1, Z),
                 f"dZ with Z scaled by {scale:g} vs with Z", atol=0)


@pytest.mark.task("relu_backward")
def test_relu_backward_leaves_dA_untouched():
    """relu_backward is pure: the upstream gradient dA is not overwritten.

    Hint: build a new array (np.where, or dA * mask) instead of assigning into dA.
    """
    Z = np.array([[-1.0, 0.0, 2.0], [0.5, -0.5, -3.0]])
    dA = np.array([[3.0, 5.0, 7.0], [1.0, 2.0, 4.0]])
    mlp.relu_backward(dA, Z)
    assert_close(dA, [[3.0, 5.0, 7.0], [1.0, 2.0, 4.0]], "dA after relu_backward(dA, Z)", atol=0, rtol=0)


@pytest.mark.task("relu_backward")
def test_relu_backward_rejects_mismatched_shapes():
    """dA and Z of different shapes are rejected instead of broadcast.

    Hint: compare dA.shape with Z.shape and raise ValueError if they differ.
    """
    assert_raises_value_error(mlp.relu_backward, np.ones((B, N_IN)), np.ones(N_IN),
                              what="dA of shape (4, 3) with Z of shape (3,)")
    assert_raises_value_error(mlp.relu_backward, np.ones((B, N_IN)), np.ones((N_IN, B)),
                              what="dA of shape (4, 3) with Z of shape (3, 4)")


# ---------------------------------------------------------------- mse_loss


@pytest.mark.task("mse_loss")
def test_mse_loss_worked_example():
    """Mean squared error by hand: loss = 0.5 * batch mean of the summed squared residuals, dY = (Y - T)/B.

    Y = [[1, 2], [0, 0]], T = [[0, 0], [0, 1]]: the squared residuals sum to 5 and 1 per
    example, so loss = 0.5 * (5 + 1) / 2 = 1.5 and dY = [[0.5, 1], [0, -0.5]].
    Hint: sum over outputs, mean over the batch (divide by B, not by B * n_out), times 0.5.
    """
    Y = np.array([[1.0, 2.0], [0.0, 0.0]])
    T = np.array([[0.0, 0.0], [0.0, 1.0]])
    loss, dY = mlp.mse_loss(Y, T)
    assert_close(loss, 1.5, "the loss")
    assert_close(dY, [[0.5, 1.0], [0.0, -0.5]], "dY = (Y - T) / B")


@pytest.mark.task("mse_loss")
@given(Y=float_arrays((B, N_IN)), T=float_arrays((B, N_IN)))
def test_mse_loss_matches_jax(Y, T):
    """The loss and dY equal 0.5 * mean_batch sum_outputs (Y - T)^2 and its jax.grad.

    Hint: dY is the derivative of the loss you return, including the 0.5 and the 1/B.
    """
    loss, dY = mlp.mse_loss(Y, T)
    expected_loss, expected_dY = mse_value_and_grad(Y, T)
    assert_close(loss, expected_loss, "the loss against the formula", atol=1e-12)
    assert_close(dY, expected_dY, "dY against jax.grad of the loss", atol=1e-12)


@pytest.mark.task("mse_loss")
@given(seed=seeds)
def test_mse_loss_gradient_is_the_directional_derivative(seed):
    """dY predicts how the loss changes when the predictions move along any direction V (finite differences).

    Hint: dY = (Y - T) / B; the sign matters: moving Y towards T lowers the loss.
    """
    rng = np.random.default_rng(seed)
    Y, T = rng.normal(size=(2, B, N_OUT))
    _, dY = mlp.mse_loss(Y, T)
    assert_gradient(lambda Y: 0.5 * np.sum((Y - T) ** 2) / B, Y, dY, "<dY, V> is the slope of the loss along V",
                    rng=rng, rtol=1e-6, atol=1e-8)


@pytest.mark.task("mse_loss")
@given(seed=seeds)
def test_mse_loss_batch_is_mean_of_examples(seed):
    """The batch loss is the mean of the examples' losses, and dY row n is example n's dY divided by B.

    Hint: the 1/B of the mean carries over to dY.
    """
    rng = np.random.default_rng(seed)
    Y, T = rng.normal(size=(2, B, N_OUT))
    loss, dY = mlp.mse_loss(Y, T)
    singles = [mlp.mse_loss(Y_n, T_n) for Y_n, T_n in split_rows(Y, T)]
    assert_close(loss, np.mean([float(s[0]) for s in singles]), "batch loss vs mean of per-example losses",
                 atol=1e-12)
    assert_close(dY, np.concatenate([np.asarray(s[1]) for s in singles]) / B,
                 "batch dY vs per-example dY / B", atol=1e-12)


@pytest.mark.task("mse_loss")
def test_mse_loss_rejects_mismatched_shapes():
    """Targets that do not have the predictions' shape are rejected instead of broadcast.

    Y of shape (B, 1) with T of shape (B,) would broadcast to a (B, B) residual.
    Hint: check that T.shape == Y.shape and raise ValueError otherwise.
    """
    assert_raises_value_error(mlp.mse_loss, np.ones((B, 1)), np.ones(B),
                              what="Y of shape (4, 1) with T of shape (4,)")
    assert_raises_value_error(mlp.mse_loss, np.ones((B, N_OUT)), np.ones((B, N_OUT + 1)),
                              what="Y of shape (4, 2) with T of shape (4, 3)")
