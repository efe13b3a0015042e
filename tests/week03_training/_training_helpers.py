"""Oracles, data and strategies shared by the week 3 tests (not collected: the name starts with _).

The oracles are written independently of the submission, straight from SPEC.md, in plain
numpy; the JAX oracle of the cross-entropy gradient lives in test_training_losses.py.
The module name carries the week's topic so that it cannot collide with another week's
helpers when several test folders run in one pytest session.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def softmax_oracle(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax_oracle(z, axis=-1):
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def cross_entropy_oracle(logits, labels):
    """-(1/B) sum_b log softmax(logits[b])[labels[b]]."""
    logp = log_softmax_oracle(logits)
    return -float(np.mean(logp[np.arange(len(labels)), labels]))


def sgd_oracle(X, y, num_classes, lr, epochs, batch_size, seed):
    """Softmax regression by minibatch SGD exactly as SPEC.md pins it: (W, b, losses).

    One Generator for the whole run; each epoch one `permutation(n)` cut into consecutive
    batches; the step uses the mean cross-entropy gradient of the batch; the loss of the
    whole set is recorded after the epoch.
    """
    n, dim = X.shape
    rng = np.random.default_rng(seed)
    W, b = np.zeros((dim, num_classes)), np.zeros(num_classes)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            G = softmax_oracle(X[batch] @ W + b)
            G[np.arange(len(batch)), y[batch]] -= 1.0
            G /= len(batch)
            W = W - lr * X[batch].T @ G
            b = b - lr * G.sum(axis=0)
        losses.append(cross_entropy_oracle(X @ W + b, y))
    return W, b, np.array(losses)


def adam_oracle(params, grad_sequence, lr, b1, b2, eps):
    """The parameters after each Adam step (Kingma & Ba, bias-corrected, t = 1 first)."""
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    trajectory = []
    for t, grads in enumerate(grad_sequence, start=1):
        m = [b1 * mi + (1 - b1) * g for mi, g in zip(m, grads)]
        v = [b2 * vi + (1 - b2) * g**2 for vi, g in zip(v, grads)]
        params = [p - lr * (mi / (1 - b1**t)) / (np.sqrt(vi / (1 - b2**t)) + eps)
                  for p, mi, vi in zip(params, m, v)]
        trajectory.append(params)
    return trajectory


def gaussian_blobs(seed=3, per_class=50, radius=3.0, sigma=0.6):
    """Three well-separated isotropic Gaussian clouds in the plane: X (3 per_class, 2), y.

    Centres on a circle of `radius` 120 degrees apart; the distance between centres is
    radius sqrt(3) = 8.7 sigma, so the Bayes error is below 1e-5 and a linear classifier
    can reach ~100 % training accuracy.
    """
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(3) / 3
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    y = np.repeat(np.arange(3), per_class)
    X = centres[y] + sigma * rng.standard_normal((3 * per_class, 2))
    return X, y


# Hypothesis strategies ---------------------------------------------------------------------

moderate = st.floats(-30.0, 30.0, allow_nan=False)


def logits_arrays(max_side=6):
    """(B, K) logits of moderate size, B and K drawn in [1, max_side]."""
    shapes = hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=max_side)
    return hnp.arrays(np.float64, shapes, elements=moderate)


@st.composite
def logits_and_labels(draw, shape=None):
    """(logits (B, K), labels (B,)) with labels in [0, K); a fixed `shape` if given."""
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6))
    logits = draw(hnp.arrays(np.float64, shape, elements=moderate))
    labels = draw(hnp.arrays(np.int64, shape[:1], elements=st.integers(0, shape[1] - 1)))
    return logits, labels


# Bad labels that the cross-entropy and its gradient must reject: (logits, labels, what).
BAD_LABELS = [
    (np.zeros((3, 4)), np.array([0, 4, 1]), "a label equal to K = 4"),
    (np.zeros((3, 4)), np.array([0, -1, 1]), "a label -1"),
    (np.zeros((3, 4)), np.array([0, 1]), "2 labels for 3 rows of logits"),
    (np.zeros((3, 4)), np.array([[0], [1], [2]]), "labels of shape (3, 1)"),
    (np.zeros(4), np.array([0]), "1-D logits (4,)"),
]
