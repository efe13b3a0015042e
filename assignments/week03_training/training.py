"""Week 3: training a classifier with softmax, cross-entropy, SGD and Adam (numpy only).

A K-class classifier turns a row of K real scores, the *logits* z, into probabilities with
the softmax, p_k = exp(z_k) / sum_j exp(z_j): the Boltzmann distribution of K states with
energies E_k = -z_k at temperature 1.  Its normaliser is the partition function, and
log sum_j exp(z_j) is minus the free energy.  Training minimises the cross-entropy
-log p_y of the true class y, averaged over a batch, by stochastic gradient descent (SGD)
or by Adam.

Conventions used throughout (the tests rely on them, and each function's docstring
states the details):

- A batch of logits has shape (B, K): B samples, K classes; labels are integers in
  [0, K) of shape (B,).
- Functions are pure: they never modify their array arguments or an optimizer state.
- Randomness is passed in as a `numpy.random.Generator`, never taken from global state.
- Bad input raises `ValueError` with a message that says what is wrong.
"""

from __future__ import annotations

import numpy as np


def softmax(z, axis=-1):
    """Softmax of the logits `z` along `axis`: a Boltzmann distribution over the classes.

    p_k = exp(z_k - m) / sum_j exp(z_j - m) for any constant m along `axis`; choosing
    m = max_j z_j (shifting the zero of energy to the ground state) keeps every exponent
    <= 0, so nothing overflows and the largest term is exactly 1, so the sum never
    underflows to 0.  Must stay finite and exact for |z| up to 1e4.

    Args:
        z: array of any shape (e.g. (B, K) logits).
        axis: the axis that holds the classes (default: the last one).

    Returns:
        The probabilities, an array shaped like `z`, non-negative, summing to 1 along
        `axis`.  `z` itself is left unchanged.
    """
    raise NotImplementedError('week 3, training.py: softmax is not implemented yet')


def log_softmax(z, axis=-1):
    """Logarithm of the softmax along `axis`, computed without ever taking log(0).

    log p_k = z_k - logsumexp(z), logsumexp(z) = m + log sum_j exp(z_j - m) with
    m = max_j z_j.  Where the softmax underflows to 0 (a logit 1e4 below the largest one),
    log p_k is still the finite number z_k - logsumexp(z), about -1e4: never -inf.

    Args:
        z: array of any shape (e.g. (B, K) logits).
        axis: the axis that holds the classes (default: the last one).

    Returns:
        The log-probabilities, an array shaped like `z`, <= 0, with exp(result) summing
        to 1 along `axis`.
    """
    raise NotImplementedError('week 3, training.py: log_softmax is not implemented yet')


def one_hot(labels, num_classes):
    """One-hot encoding: row b is the probability distribution concentrated on labels[b].

    Args:
        labels: integer array (B,) with every entry in [0, num_classes).
        num_classes: K, the number of classes.

    Returns:
        A float array (B, K) with Y[b, labels[b]] = 1 and zeros elsewhere.

    Raises:
        ValueError: if `labels` is not a 1-D integer array, or a label lies outside
            [0, num_classes) (a label -1 must not silently mean "the last class").
    """
    raise NotImplementedError('week 3, training.py: one_hot is not implemented yet')


def cross_entropy(logits, labels):
    """Mean cross-entropy  L = -(1/B) sum_b log softmax(logits[b])[labels[b]].

    The average over the batch of the surprise -log p_y of the true class: log K for
    uninformative (equal) logits, 0 for a certain and correct prediction.  Use
    `log_softmax`, so that a confident wrong prediction costs a large finite number
    (about 1e4 for a logit gap of 1e4), not inf.

    Args:
        logits: float array (B, K).
        labels: integer array (B,) with entries in [0, K).

    Returns:
        The mean cross-entropy L, a scalar (a float or a 0-d array).

    Raises:
        ValueError: if `logits` is not (B, K), `labels` is not (B,), the labels are not
            integers, or a label lies outside [0, K).
    """
    raise NotImplementedError('week 3, training.py: cross_entropy is not implemented yet')


def cross_entropy_grad(logits, labels):
    """Gradient of `cross_entropy(logits, labels)` with respect to the logits.

    dL/dlogits[b, k] = (softmax(logits[b])[k] - [k == labels[b]]) / B: the predicted minus
    the observed distribution, divided by the batch size because L is a mean.  Each row
    sums to 0 (adding a constant to a row of logits does not change the softmax).

    Args:
        logits: float array (B, K).
        labels: integer array (B,) with entries in [0, K).

    Returns:
        dL/dlogits, a float array (B, K).

    Raises:
        ValueError: as `cross_entropy`: if `logits` is not (B, K), `labels` is not (B,),
            the labels are not integers, or a label lies outside [0, K).
    """
    raise NotImplementedError('week 3, training.py: cross_entropy_grad is not implemented yet')


def adam_init(params):
    """The initial Adam state for a list of parameter arrays.

    Args:
        params: list of float arrays (any shapes).

    Returns:
        An opaque state holding the step count t = 0 and, for every parameter, the first
        and second moment estimates m = 0 and v = 0 shaped like it.
    """
    raise NotImplementedError('week 3, training.py: adam_init is not implemented yet')


def adam_step(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    """One Adam step (Kingma & Ba 2015) with bias correction.

    With the step count t = 1 at the first step, for every parameter theta and its
    gradient g (elementwise):
        m <- b1 m + (1 - b1) g,        v <- b2 v + (1 - b2) g^2,
        m_hat = m / (1 - b1^t),        v_hat = v / (1 - b2^t),
        theta <- theta - lr * m_hat / (sqrt(v_hat) + eps).
    The bias correction undoes the start from m = v = 0: at t = 1, m_hat = g and
    v_hat = g^2, so the first step is lr * g / (|g| + eps), about lr * sign(g).

    Args:
        params: list of float arrays.
        grads: list of float arrays shaped like `params`.
        state: the state from `adam_init` or from the previous `adam_step`; it is not
            modified (the same state may be reused).
        lr: step size, >= 0 (lr = 0 leaves the parameters unchanged).
        b1: decay rate of the first moment estimate m.
        b2: decay rate of the second moment estimate v.
        eps: the constant added to sqrt(v_hat).

    Returns:
        A tuple (new_params, new_state): a list of arrays shaped like `params`, and the new
        state.

    Raises:
        ValueError: if lr < 0, or `grads` does not match `params` in length or shapes.
    """
    raise NotImplementedError('week 3, training.py: adam_step is not implemented yet')


def minibatch_indices(n, batch_size, rng):
    """Shuffled minibatches of the indices 0 ... n-1 for one epoch.

    One call `rng.permutation(n)`, cut into consecutive pieces of `batch_size`; the last
    piece holds the remaining n mod batch_size indices when that is not 0.  Every index
    appears in exactly one batch.

    Args:
        n: number of samples, >= 0.
        batch_size: samples per batch, >= 1.
        rng: a `numpy.random.Generator`; exactly one `permutation` call is drawn from it.

    Returns:
        The batches, a list of ceil(n / batch_size) integer arrays.

    Raises:
        ValueError: if batch_size <= 0 or n < 0.
    """
    raise NotImplementedError('week 3, training.py: minibatch_indices is not implemented yet')


def train_softmax_regression(X, y, num_classes, lr, epochs, batch_size, seed):
    """Softmax regression, logits = X @ W + b, trained by minibatch SGD on the cross-entropy.

    Start from W = 0 (D, K) and b = 0 (K,).  Create one `rng = np.random.default_rng(seed)`
    before the first epoch; in each epoch, for every batch of
    `minibatch_indices(n, batch_size, rng)`, in order, take one plain gradient step on the
    mean cross-entropy of that batch:
        G = cross_entropy_grad(X_batch @ W + b, y_batch)          (B, K)
        W <- W - lr * X_batch^T @ G,    b <- b - lr * sum_b G[b].
    After each epoch record the cross-entropy of the whole training set.

    Args:
        X: float array (n, D) of features.
        y: integer array (n,) of labels in [0, num_classes).
        num_classes: K.
        lr: step size, >= 0 (lr = 0 leaves W and b at zero).
        epochs: number of passes over the data, >= 0.
        batch_size: samples per batch, >= 1.
        seed: the seed of the one Generator of the run.

    Returns:
        A tuple (W, b, losses): W (D, K), b (K,), losses (epochs,) the training-set
        cross-entropy after each epoch.  The same arguments always give the same result;
        X and y are left unchanged.

    Raises:
        ValueError: if X is not 2-D, y is not (n,), the labels are not integers, a label
            lies outside [0, num_classes), lr < 0, epochs < 0 or batch_size <= 0.
    """
    raise NotImplementedError('week 3, training.py: train_softmax_regression is not implemented yet')
