"""Oracles, data and strategies shared by the week 3 tests (not collected: the name starts with _).

The oracles come from JAX (jax.nn.softmax, jax.nn.log_softmax, jax.grad of the mean
cross-entropy, in float64), not from a numpy transcription of the solution: the tests
are released to the students.  The module name carries the week's topic so that it
cannot collide with another week's helpers when several test folders run in one session.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

jax.config.update("jax_enable_x64", True)


_softmax = jax.jit(jax.nn.softmax, static_argnames="axis")
_log_softmax = jax.jit(jax.nn.log_softmax, static_argnames="axis")


def softmax_oracle(z, axis=-1):
    return np.asarray(_softmax(jnp.asarray(z, dtype=jnp.float64), axis=axis))


def log_softmax_oracle(z, axis=-1):
    return np.asarray(_log_softmax(jnp.asarray(z, dtype=jnp.float64), axis=axis))


def mean_cross_entropy(logits, labels):
    """-(1/B) sum_b log softmax(logits[b])[labels[b]], written with jax.numpy."""
    logp = jax.nn.log_softmax(logits, axis=-1)
    return -jnp.mean(jnp.take_along_axis(logp, labels[:, None], axis=1))


_mean_cross_entropy = jax.jit(mean_cross_entropy)
cross_entropy_grad_oracle = jax.jit(jax.grad(mean_cross_entropy))


def cross_entropy_oracle(logits, labels):
    return float(_mean_cross_entropy(jnp.asarray(logits, dtype=jnp.float64), jnp.asarray(labels)))


@jax.jit
def _sgd_step(W, b, X_batch, y_batch, lr):
    """One SGD step on the batch-mean cross-entropy of softmax regression, by jax.grad."""
    dW, db = jax.grad(lambda W, b: mean_cross_entropy(X_batch @ W + b, y_batch), argnums=(0, 1))(W, b)
    return W - lr * dW, b - lr * db


def sgd_oracle(X, y, num_classes, lr, epochs, batch_size, seed):
    """Softmax regression by minibatch SGD exactly as the docstring pins it: (W, b, losses).

    One Generator for the whole run; each epoch cuts one `permutation(n)` into consecutive
    batches; the gradient of each batch's mean cross-entropy comes from jax.grad; the
    loss of the whole set is recorded after the epoch.
    """
    generator = np.random.default_rng(seed)
    W, b = jnp.zeros((X.shape[1], num_classes)), jnp.zeros(num_classes)
    history = []
    for _epoch in range(epochs):
        shuffled = generator.permutation(len(X))
        for first in range(0, len(X), batch_size):
            rows = shuffled[first:first + batch_size]
            W, b = _sgd_step(W, b, jnp.asarray(X[rows]), jnp.asarray(y[rows]), lr)
        history.append(cross_entropy_oracle(X @ np.asarray(W) + np.asarray(b), y))
    return np.asarray(W), np.asarray(b), np.array(history)


def one_hot_oracle(labels, num_classes):
    """Rows of the identity, after the checks of one_hot's docstring (ValueError)."""
    classes = np.array(labels)
    if classes.ndim != 1 or (classes.size and not np.issubdtype(classes.dtype, np.integer)):
        raise ValueError(f"labels must be a 1-D integer array, got {classes.dtype} of shape {classes.shape}")
    if classes.size and not (0 <= classes.min() and classes.max() < num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes})")
    return np.eye(num_classes)[classes]


def minibatch_oracle(n, batch_size, rng):
    """One rng.permutation(n) cut into consecutive batches of batch_size, as the docstring pins it."""
    if batch_size < 1 or n < 0:
        raise ValueError("batch_size must be >= 1 and n >= 0")
    shuffled = rng.permutation(n)
    return [shuffled[first:first + batch_size] for first in range(0, n, batch_size)]


# Every graded function of training.py as an oracle.  A test of a function that calls others
# (the cross-entropy calls one_hot and log_softmax; training calls minibatch_indices and
# cross_entropy_grad) runs with the oracles standing in for them: a bug costs one task.
GRADED_ORACLES = {
    "softmax": softmax_oracle,
    "log_softmax": log_softmax_oracle,
    "one_hot": one_hot_oracle,
    "cross_entropy": cross_entropy_oracle,
    "cross_entropy_grad": lambda logits, labels: np.asarray(
        cross_entropy_grad_oracle(jnp.asarray(logits, dtype=jnp.float64), jnp.asarray(labels))),
    "minibatch_indices": minibatch_oracle,
}


def oracles_except(task):
    """The oracles of every graded function but `task`'s own."""
    return {name: oracle for name, oracle in GRADED_ORACLES.items() if name != task}


def adam_oracle(params, grad_sequence, lr, b1, b2, eps):
    """The parameters after each Adam step (Kingma & Ba, bias-corrected, t = 1 first)."""
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    trajectory = []
    for t, grads in enumerate(grad_sequence, start=1):
        first = [b1 * f + (1 - b1) * g for f, g in zip(first, grads)]
        second = [b2 * s + (1 - b2) * g * g for s, g in zip(second, grads)]
        params = [p - lr * (f / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps)
                  for p, f, s in zip(params, first, second)]
        trajectory.append(params)
    return trajectory


def gaussian_blobs(seed=3, per_class=50, radius=3.0, sigma=0.6):
    """Three well-separated isotropic Gaussian clouds in the plane: X (3 per_class, 2), y.

    Centres on a circle of `radius` 120 degrees apart; the distance between centres is
    radius sqrt(3) = 8.7 sigma, so the Bayes error is about 1e-5 and a linear classifier
    can reach ~100 % training accuracy.
    """
    noise = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(3) / 3
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    y = np.repeat(np.arange(3), per_class)
    X = centres[y] + sigma * noise.standard_normal((3 * per_class, 2))
    return X, y


# Hypothesis strategies ---------------------------------------------------------------------

LOGITS_SHAPE = (5, 4)  # B != K exposes a mixed-up axis; one shape keeps JAX compilations few
moderate = st.floats(-30.0, 30.0, allow_nan=False)
logits_arrays = hnp.arrays(np.float64, LOGITS_SHAPE, elements=moderate)


@st.composite
def logits_and_labels(draw):
    """(logits (5, 4), labels (5,)) with labels in [0, 4)."""
    logits = draw(logits_arrays)
    labels = draw(hnp.arrays(np.int64, LOGITS_SHAPE[:1], elements=st.integers(0, LOGITS_SHAPE[1] - 1)))
    return logits, labels


# Bad labels that the cross-entropy and its gradient must reject: (logits, labels, what).
BAD_LABELS = [
    (np.zeros((3, 4)), np.array([0, 4, 1]), "a label equal to K = 4"),
    (np.zeros((3, 4)), np.array([0, -1, 1]), "a label -1"),
    (np.zeros((3, 4)), np.array([0, 1]), "2 labels for 3 rows of logits"),
    (np.zeros((3, 4)), np.array([[0], [1], [2]]), "labels of shape (3, 1)"),
    (np.zeros((3, 4)), np.array([0.0, 1.5, 2.0]), "a label 1.5 (labels are integers)"),
    (np.zeros(4), np.array([0]), "1-D logits (4,)"),
]
