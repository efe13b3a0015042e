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
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    boltzmann = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return boltzmann / np.sum(boltzmann, axis=axis, keepdims=True)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be a 1-D array (B,), got shape {labels.shape}")
    if labels.size and not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes}), got values from "
                         f"{labels.min()} to {labels.max()}")
    encoded = np.zeros((labels.shape[0], num_classes))
    encoded[np.arange(labels.shape[0]), labels] = 1.0
    return encoded
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 2 or np.shape(labels) != logits.shape[:1]:
        raise ValueError(f"logits must be (B, K) and labels (B,); got logits {logits.shape} "
                         f"and labels {np.shape(labels)}")
    targets = one_hot(labels, logits.shape[1])
    return -np.mean(np.sum(targets * log_softmax(logits), axis=-1))
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 2 or np.shape(labels) != logits.shape[:1]:
        raise ValueError(f"logits must be (B, K) and labels (B,); got logits {logits.shape} "
                         f"and labels {np.shape(labels)}")
    targets = one_hot(labels, logits.shape[1])
    return (softmax(logits) - targets) / logits.shape[0]
    ### END SOLUTION


def adam_init(params):
    """The initial Adam state for a list of parameter arrays.

    Args:
        params: list of float arrays (any shapes).

    Returns:
        An opaque state holding the step count t = 0 and, for every parameter, the first
        and second moment estimates m = 0 and v = 0 shaped like it.
    """
    ### BEGIN SOLUTION
    return {
        "t": 0,
        "m": [np.zeros(np.shape(p)) for p in params],
        "v": [np.zeros(np.shape(p)) for p in params],
    }
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    if lr < 0:
        raise ValueError(f"the step size lr must be >= 0, got {lr}")
    if len(params) != len(grads):
        raise ValueError(f"got {len(params)} parameter arrays but {len(grads)} gradients")
    for i, (p, g) in enumerate(zip(params, grads)):
        if np.shape(p) != np.shape(g):
            raise ValueError(f"gradient {i} has shape {np.shape(g)}, its parameter {np.shape(p)}")
    t = state["t"] + 1
    new_params, new_m, new_v = [], [], []
    for p, g, m, v in zip(params, grads, state["m"], state["v"]):
        g = np.asarray(g, dtype=float)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        new_params.append(np.asarray(p, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps))
        new_m.append(m)
        new_v.append(v)
    return new_params, {"t": t, "m": new_m, "v": new_v}
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    if batch_size <= 0:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    if n < 0:
        raise ValueError(f"the number of samples n must be >= 0, got {n}")
    order = rng.permutation(n)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != X.shape[:1]:
        raise ValueError(f"X must be (n, D) and y (n,); got X {X.shape} and y {y.shape}")
    one_hot(y, num_classes)  # raises ValueError for labels outside [0, num_classes)
    if lr < 0:
        raise ValueError(f"the step size lr must be >= 0, got {lr}")
    if epochs < 0:
        raise ValueError(f"the number of epochs must be >= 0, got {epochs}")
    if batch_size <= 0:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    W = np.zeros((X.shape[1], num_classes))
    b = np.zeros(num_classes)
    rng = np.random.default_rng(seed)
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        for batch in minibatch_indices(X.shape[0], batch_size, rng):
            G = cross_entropy_grad(X[batch] @ W + b, y[batch])
            W = W - lr * X[batch].T @ G
            b = b - lr * G.sum(axis=0)
        losses[epoch] = cross_entropy(X @ W + b, y)
    return W, b, losses
    ### END SOLUTION
