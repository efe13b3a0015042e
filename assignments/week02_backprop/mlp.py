"""Week 2: backpropagation through a multilayer perceptron, in plain numpy.

A multilayer perceptron (MLP) maps a batch of inputs X of shape (B, n_in) to outputs
Y of shape (B, n_out) through L affine layers,

    Z_l = A_{l-1} @ W_l + b_l,      A_0 = X,
    A_l = sigma(Z_l)  for l < L,    Y = Z_L  (the last layer is linear),

with the activation sigma = tanh or ReLU.

Conventions used throughout:

- A weight matrix W is stored (n_in, n_out), so a layer is X @ W + b with b of shape
  (n_out,).
- `params` is a list of (W, b) pairs, first layer first.
- The gradient of a scalar loss L with respect to an array is written with a leading d:
  dY = dL/dY has the shape of Y, dW = dL/dW the shape of W, and so on.

Backpropagation is the chain rule applied from the loss backwards: every backward
function receives the upstream gradient (dY or dA) and returns the gradients with respect
to its own inputs.  `numerical_gradient` checks it against central finite differences.

Every function is pure: it never writes into its array arguments, so that the same
arrays (and the same cache) can be used again.
"""

import numpy as np

ACTIVATIONS = ("tanh", "relu")


def linear_forward(X, W, b):
    """Affine layer Y = X @ W + b.

    Args:
        X: array (B, n_in), a batch of B inputs, one per row.
        W: array (n_in, n_out), the weights, stored (n_in, n_out).
        b: array (n_out,), the bias, added to every row.

    Returns:
        Y, an array of shape (B, n_out).

    Raises:
        ValueError: if X or W is not 2-D, or X, W and b do not fit together
            (X.shape[1] != W.shape[0] or b.shape != (W.shape[1],)).
    """
    raise NotImplementedError('week 2, mlp.py: linear_forward is not implemented yet')


def linear_backward(dY, X, W):
    """Gradients of the affine layer Y = X @ W + b, by the chain rule.

    Given the upstream gradient dY = dL/dY of a scalar loss L, the layer's input X and
    its weights W (the bias does not enter), return

        dX = dY @ W.T        (B, n_in)    gradient sent on to the previous layer
        dW = X.T @ dY        (n_in, n_out) summed over the batch, the layout of W
        db = sum_batch dY    (n_out,)     summed over the batch (not averaged)

    Args:
        dY: array (B, n_out), the upstream gradient dL/dY.
        X: array (B, n_in), the layer's input.
        W: array (n_in, n_out), the layer's weights.

    Returns:
        A tuple (dX, dW, db) of arrays shaped like X, W and b.

    Raises:
        ValueError: if X or W is not 2-D, or the shapes do not fit:
            X.shape[1] != W.shape[0], or dY.shape != (B, n_out).
    """
    raise NotImplementedError('week 2, mlp.py: linear_backward is not implemented yet')


def tanh_backward(dA, A):
    """Gradient through A = tanh(Z), written with the OUTPUT A.

    Since d tanh(z)/dz = 1 - tanh(z)^2, the gradient with respect to the pre-activation
    is dZ = dA * (1 - A^2).  The argument is the output A = tanh(Z) that the forward
    pass already computed, not Z.

    Args:
        dA: array of any shape, the upstream gradient dL/dA.
        A: array of the shape of dA, the activation's output tanh(Z).

    Returns:
        dZ, an array shaped like dA.

    Raises:
        ValueError: if dA and A have different shapes (no broadcasting).
    """
    raise NotImplementedError('week 2, mlp.py: tanh_backward is not implemented yet')


def relu_backward(dA, Z):
    """Gradient through A = relu(Z) = max(Z, 0), written with the PRE-activation Z.

    dZ = dA where Z > 0 and 0 elsewhere.  The derivative of relu at exactly Z = 0 is
    taken to be 0 (the convention of most libraries).

    Args:
        dA: array of any shape, the upstream gradient dL/dA.
        Z: array of the shape of dA, the pre-activation.

    Returns:
        dZ, an array shaped like dA.

    Raises:
        ValueError: if dA and Z have different shapes (no broadcasting).
    """
    raise NotImplementedError('week 2, mlp.py: relu_backward is not implemented yet')


def mse_loss(Y, T):
    """Mean squared error of a batch and its gradient.

        loss = 1/(2B) sum_{i, k} (Y_ik - T_ik)^2
             = 0.5 * (mean over the batch of the sum over outputs of (Y - T)^2)
        dY   = d loss / dY = (Y - T) / B

    Args:
        Y: array (B, n_out), the predictions.
        T: array (B, n_out), the targets.

    Returns:
        A tuple (loss, dY): a float and an array (B, n_out).

    Raises:
        ValueError: if Y is not 2-D or T does not have the shape of Y (e.g. T of shape (B,)
            with Y of shape (B, 1), which numpy would silently broadcast to (B, B)).
    """
    raise NotImplementedError('week 2, mlp.py: mse_loss is not implemented yet')


def mlp_forward(params, X, activation="tanh"):
    """Forward pass of a multilayer perceptron.

    Every layer but the last is an affine map followed by `activation`; the last layer is
    affine only (a linear output, as suits regression):

        A_0 = X,  A_l = sigma(A_{l-1} @ W_l + b_l) for l = 1 .. L-1,  Y = A_{L-1} @ W_L + b_L.

    Args:
        params: list of (W, b) pairs, first layer first: W_l (n_{l-1}, n_l), b_l (n_l,).
        X: array (B, n_0), the batch of inputs.
        activation: "tanh" or "relu", the activation of the hidden layers.

    Returns:
        A tuple (Y, cache): Y (B, n_L) and whatever `mlp_backward` needs (the activation,
        and the inputs and outputs of each layer).  The cache is opaque: only mlp_backward
        reads it.

    Raises:
        ValueError: if `activation` is not "tanh" or "relu", or the shapes do not fit (a
            layer's input, W and b, as `linear_forward` checks them).
    """
    raise NotImplementedError('week 2, mlp.py: mlp_forward is not implemented yet')


def mlp_backward(params, cache, dY):
    """Backpropagation: the gradients of a scalar loss with respect to every parameter.

    Walk the layers from the last to the first: for layer l, linear_backward turns dZ_l
    into (dA_{l-1}, dW_l, db_l); below a hidden layer, tanh_backward (with A_l) or
    relu_backward (with Z_l) turns dA_l into dZ_l.

    Neither params nor the cache is modified: one cache may serve several backward calls.

    Args:
        params: list of (W, b) pairs, as given to mlp_forward.
        cache: the cache that mlp_forward returned for these params.
        dY: array (B, n_L), dL/dY, e.g. the second output of mse_loss.

    Returns:
        grads, a list of (dW, db) pairs shaped like params, first layer first.

    Raises:
        ValueError: if dY does not have the shape of the network's output Y.
    """
    raise NotImplementedError('week 2, mlp.py: mlp_backward is not implemented yet')


def numerical_gradient(f, x, eps=1e-6):
    """Gradient of a scalar function by central differences, one entry at a time.

        g[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

    where e_i is the unit array at the multi-index i.  The error is O(eps^2) (the first
    neglected Taylor term is eps^2 f''' / 6), against O(eps) for a forward difference.

    Args:
        f: a scalar function of an array shaped like x.
        x: float array of any shape (including 0-d), the point.  It is never written to,
            not even temporarily: perturb a copy.
        eps: the step, a float > 0.

    Returns:
        g, an array shaped like x.

    Raises:
        ValueError: if eps <= 0.
    """
    raise NotImplementedError('week 2, mlp.py: numerical_gradient is not implemented yet')

