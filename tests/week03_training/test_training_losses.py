"""Week 3, training.py: softmax, log-softmax, one-hot labels and the cross-entropy.

The softmax is a Boltzmann distribution over the classes (energies -z at temperature 1):
normalised, unchanged by a shift of the zero of energy, and computable for logits of
+-1e4 by measuring energies from the ground state.  The oracles are jax.nn.softmax,
jax.nn.log_softmax and jax.grad of the mean cross-entropy, in float64.
"""

import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import example, given, strategies as st
from hypothesis.extra import numpy as hnp

from _training_helpers import (
    BAD_LABELS,
    LOGITS_SHAPE,
    cross_entropy_grad_oracle,
    cross_entropy_oracle,
    log_softmax_oracle,
    logits_and_labels,
    logits_arrays,
    oracles_except,
    softmax_oracle,
)
from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

training = submission_module("week03_training", "training.py")

SOFTMAX_TASKS = [
    pytest.param("softmax", softmax_oracle, marks=pytest.mark.task("softmax"), id="softmax"),
    pytest.param("log_softmax", log_softmax_oracle, marks=pytest.mark.task("log_softmax"),
                 id="log_softmax"),
]
shift_rows = hnp.arrays(np.float64, LOGITS_SHAPE[0], elements=st.floats(-1e4, 1e4))


# softmax -----------------------------------------------------------------------------------

@pytest.mark.task("softmax")
def test_softmax_worked_example():
    """Softmax of logits (0, ln 2, ln 3) is (1/6, 2/6, 3/6); equal logits give equal weights.

    Hint: p_k = exp(z_k) / sum_j exp(z_j) along the last axis, row by row.
    """
    z = np.array([[0.0, np.log(2), np.log(3)], [5.0, 5.0, 5.0]])
    expected = np.array([[1 / 6, 2 / 6, 3 / 6], [1 / 3, 1 / 3, 1 / 3]])
    assert_close(training.softmax(z), expected, "softmax of [[0, ln 2, ln 3], [5, 5, 5]]")


@pytest.mark.task("softmax")
def test_softmax_extreme_logits():
    """Softmax stays finite and exact for logits of +-1e4 (energies measured from the ground state).

    Hint: exp(1e4) overflows and exp(-1e4) underflows; subtract the row maximum first
    (see the docstring of softmax).
    """
    z = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, 0.0], [-1e4, -1e4 + np.log(3), -2e4]])
    expected = np.array([[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0], [0.25, 0.75, 0]])
    assert_close(training.softmax(z), expected, "softmax of logits of size 1e4", atol=1e-12)


@pytest.mark.task("softmax")
@given(z=logits_arrays)
def test_softmax_is_a_normalised_distribution(z):
    """Each row of the softmax is a probability distribution: p_k >= 0 and sum_k p_k = 1.

    Hint: normalise along the class axis (the last one), not along the batch.
    """
    p = assert_shape(training.softmax(z), z.shape, "softmax keeps the shape of the logits")
    assert np.all(p >= 0), f"softmax gave a negative probability: {p.min()}"
    assert_close(p.sum(axis=-1), np.ones(len(z)), "each row of the softmax sums to 1")
    assert_close(p, softmax_oracle(z), "softmax of moderate logits", rtol=1e-9, atol=1e-15)


# log_softmax -------------------------------------------------------------------------------

@pytest.mark.task("log_softmax")
def test_log_softmax_worked_example():
    """log_softmax of (0, ln 2, ln 3) is (ln 1/6, ln 2/6, ln 3/6); equal logits give -ln 3.

    Hint: log p_k = z_k - log sum_j exp(z_j); if you subtract the maximum m inside the
    logarithm, add it back.
    """
    z = np.array([[0.0, np.log(2), np.log(3)], [5.0, 5.0, 5.0]])
    expected = np.log([[1 / 6, 2 / 6, 3 / 6], [1 / 3, 1 / 3, 1 / 3]])
    assert_close(training.log_softmax(z), expected, "log_softmax of [[0, ln 2, ln 3], [5, 5, 5]]")


@pytest.mark.task("log_softmax")
def test_log_softmax_finite_where_softmax_underflows():
    """log_softmax is finite where the softmax underflows to 0: a class 1e4 below costs -1e4.

    Hint: log(softmax(z)) gives log(0) = -inf; compute z - logsumexp(z) with the maximum
    subtracted inside the exponentials (see the docstring of log_softmax).
    """
    z = np.array([[0.0, -1e4], [1e4, 0.0], [1e4, 0.0], [-1e4, -1e4]])
    expected = np.array([[0.0, -1e4], [0.0, -1e4], [0.0, -1e4], [-np.log(2), -np.log(2)]])
    assert_close(training.log_softmax(z), expected, "log_softmax with a logit gap of 1e4",
                 rtol=1e-12, atol=1e-9)


@pytest.mark.task("log_softmax")
@given(z=logits_arrays)
def test_log_softmax_exponentiates_to_softmax(z):
    """exp(log_softmax(z)) is the softmax of z: the log-probabilities of a normalised distribution.

    Hint: log p_k = z_k - m - log sum_j exp(z_j - m) with m the row maximum.
    """
    logp = assert_shape(training.log_softmax(z), z.shape, "log_softmax keeps the shape")
    assert_close(logp, log_softmax_oracle(z), "log_softmax of moderate logits", rtol=1e-9, atol=1e-12)
    assert_close(np.exp(logp), softmax_oracle(z), "exp(log_softmax) equals softmax",
                 rtol=1e-9, atol=1e-15)


# shared properties of softmax and log_softmax ---------------------------------------------

@pytest.mark.parametrize("name, oracle", SOFTMAX_TASKS)
@given(z=logits_arrays, shift=shift_rows)
@example(z=np.arange(20.0).reshape(5, 4), shift=np.array([1e4, -1e4, 0.0, 5e3, -3.0]))
def test_shift_of_the_zero_of_energy(name, oracle, z, shift):
    """Adding a constant to a row of logits (moving the zero of energy) changes nothing.

    Hint: subtract each row's own maximum (keepdims=True), not the maximum of the whole
    array: rows may differ by 1e4.
    """
    function = getattr(training, name)
    assert_close(function(z + shift[:, None]), oracle(z),
                 f"{name} of logits shifted row by row by {shift}", rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("name, oracle", SOFTMAX_TASKS)
@pytest.mark.parametrize("axis", [0, 1, -2])
def test_axis_argument_selects_the_classes(name, oracle, axis):
    """`axis` selects which axis holds the classes; the others are batch axes.

    Hint: pass `axis` to every max and sum, with keepdims=True.
    """
    z = np.random.default_rng(0).normal(scale=3.0, size=(3, 4, 2))
    assert_close(getattr(training, name)(z, axis=axis), oracle(z, axis=axis),
                 f"{name}(z, axis={axis}) for z of shape (3, 4, 2)", rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("name, oracle", SOFTMAX_TASKS)
def test_logits_are_left_unchanged(name, oracle):
    """The logits passed in are not modified (functions are pure).

    Hint: write z = z - max instead of the in-place z -= max.
    """
    z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]])
    before = z.copy()
    getattr(training, name)(z)
    assert np.array_equal(z, before), f"{name} changed its input from\n{before}\nto\n{z}"


# one_hot -----------------------------------------------------------------------------------

@pytest.mark.task("one_hot")
def test_one_hot_worked_example():
    """Labels (2, 0, 1) with 3 classes, and label 0 with 4 classes (unused classes stay 0).

    Hint: row b has a single 1 in column labels[b]; the number of columns is num_classes.
    """
    expected = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert_close(training.one_hot(np.array([2, 0, 1]), 3), expected, "one_hot([2, 0, 1], 3)")
    assert_close(training.one_hot(np.array([0]), 4), [[1, 0, 0, 0]], "one_hot([0], 4)")


@pytest.mark.task("one_hot")
@given(labels_and_k=st.integers(1, 6).flatmap(lambda k: st.tuples(
    hnp.arrays(np.int64, st.integers(1, 8), elements=st.integers(0, k - 1)), st.just(k))))
def test_one_hot_is_a_certain_distribution(labels_and_k):
    """Each one-hot row is a float probability distribution concentrated on the label.

    Hint: return a float array (B, K): zeros, then 1.0 at [b, labels[b]].
    """
    labels, k = labels_and_k
    encoded = training.one_hot(labels, k)
    assert np.issubdtype(np.asarray(encoded).dtype, np.floating), (
        f"one_hot must return a float array, got dtype {np.asarray(encoded).dtype}")
    expected = (labels[:, None] == np.arange(k)).astype(float)
    assert_close(encoded, expected, f"one_hot({labels.tolist()}, {k})")


@pytest.mark.task("one_hot")
@pytest.mark.parametrize("labels, what", [
    (np.array([0, 3, 1]), "a label equal to num_classes = 3"),
    (np.array([0, -1, 1]), "a label -1"),
    (np.array([[0], [1]]), "labels of shape (2, 1)"),
    (np.array([1.7, 0.2]), "labels 1.7 and 0.2 (not integers)"),
])
def test_one_hot_rejects_bad_labels(labels, what):
    """Labels that are not integers in [0, num_classes) of shape (B,) are rejected with ValueError.

    Hint: check labels.ndim, the integer dtype and the range 0 <= label < num_classes before
    indexing (numpy reads -1 as "the last class", and astype(int) turns 1.7 into class 1,
    without complaint).
    """
    assert_raises_value_error(training.one_hot, labels, 3, what=f"one_hot with {what}")


# cross_entropy -----------------------------------------------------------------------------

@pytest.mark.task("cross_entropy")
@training.oracles(**oracles_except("cross_entropy"))
def test_cross_entropy_worked_example():
    """Uniform logits cost log K per sample; logits (0, ln 2, ln 3) cost -ln(2/6) for label 1.

    Hint: the mean over the batch (not the sum) of -log softmax(logits[b])[labels[b]].
    """
    uniform = np.full((4, 3), 7.0)
    assert_close(training.cross_entropy(uniform, np.array([0, 2, 1, 1])), np.log(3),
                 "cross-entropy of uniform logits over 3 classes (log 3)")
    logits = np.array([[0.0, np.log(2), np.log(3)], [0.0, np.log(2), np.log(3)]])
    assert_close(training.cross_entropy(logits, np.array([1, 2])), (np.log(3) + np.log(2)) / 2,
                 "cross-entropy of [[0, ln 2, ln 3]] * 2 with labels [1, 2]")


@pytest.mark.task("cross_entropy")
@training.oracles(**oracles_except("cross_entropy"))
def test_cross_entropy_of_confident_predictions():
    """A confident right prediction costs 0; a confident wrong one costs the logit gap 1e4, not inf.

    Hint: use log_softmax rather than log(softmax).
    """
    logits = np.array([[1e4, 0.0], [0.0, 1e4]])
    assert_close(training.cross_entropy(logits, np.array([0, 1])), 0.0,
                 "cross-entropy of confident right predictions", atol=1e-12)
    assert_close(training.cross_entropy(logits, np.array([1, 0])), 1e4,
                 "cross-entropy of confident wrong predictions with a gap of 1e4")


@pytest.mark.task("cross_entropy")
@given(data=logits_and_labels())
@training.oracles(**oracles_except("cross_entropy"))
def test_cross_entropy_matches_definition(data):
    """The cross-entropy is -(1/B) sum_b log p(labels[b] | logits[b]) >= 0, a batch mean.

    Hint: pick log_softmax(logits)[b, labels[b]] for each row b, then average over b.
    """
    logits, labels = data
    loss = training.cross_entropy(logits, labels)
    assert_close(loss, cross_entropy_oracle(logits, labels), "cross-entropy", rtol=1e-9, atol=1e-12)
    twice = training.cross_entropy(np.concatenate([logits, logits]), np.concatenate([labels, labels]))
    assert_close(twice, loss, "cross-entropy of the batch repeated twice (a mean, not a sum)",
                 rtol=1e-9, atol=1e-12)


@pytest.mark.task("cross_entropy")
@pytest.mark.parametrize("logits, labels, what", BAD_LABELS)
@training.oracles(**oracles_except("cross_entropy"))
def test_cross_entropy_rejects_bad_labels(logits, labels, what):
    """Labels outside [0, K) or not matching the B rows of the logits are rejected with ValueError.

    Hint: check logits.ndim == 2, labels.shape == (B,) and 0 <= labels < K.
    """
    assert_raises_value_error(training.cross_entropy, logits, labels,
                              what=f"cross_entropy with {what}")


# cross_entropy_grad ------------------------------------------------------------------------

@pytest.mark.task("cross_entropy_grad")
@training.oracles(**oracles_except("cross_entropy_grad"))
def test_cross_entropy_grad_worked_example():
    """Gradient = (predicted - observed distribution) / B, worked out for B = 2, K = 3.

    Hint: dL/dz[b, k] = (softmax(z[b])[k] - [k == labels[b]]) / B; B because L is a mean.
    """
    logits = np.array([[0.0, np.log(2), np.log(3)], [0.0, 0.0, 0.0]])
    expected = np.array([[1 / 12, 1 / 6, -1 / 4], [-1 / 3, 1 / 6, 1 / 6]])
    assert_close(training.cross_entropy_grad(logits, np.array([2, 0])), expected,
                 "gradient of the cross-entropy of [[0, ln 2, ln 3], [0, 0, 0]], labels [2, 0]")


@pytest.mark.task("cross_entropy_grad")
@given(data=logits_and_labels())
@training.oracles(**oracles_except("cross_entropy_grad"))
def test_cross_entropy_grad_matches_autodiff(data):
    """The analytic gradient equals jax.grad of the mean cross-entropy, and each row sums to 0.

    Hint: softmax minus one_hot, divided by the batch size; the minus sign matters.
    """
    logits, labels = data
    grad = training.cross_entropy_grad(logits, labels)
    expected = np.asarray(cross_entropy_grad_oracle(jnp.asarray(logits), jnp.asarray(labels)))
    assert_close(grad, expected, "gradient of the mean cross-entropy (jax.grad)", rtol=1e-9, atol=1e-13)
    assert_close(np.asarray(grad).sum(axis=1), np.zeros(LOGITS_SHAPE[0]),
                 "each row of the gradient sums to 0 (a shift of a row changes nothing)", atol=1e-14)


@pytest.mark.task("cross_entropy_grad")
@training.oracles(**oracles_except("cross_entropy_grad"))
def test_cross_entropy_grad_of_confident_predictions():
    """The gradient stays finite for logits of 1e4: a confident wrong guess pushes with unit force.

    Hint: compute the softmax with the row maximum subtracted.
    """
    logits = np.array([[1e4, 0.0, -1e4]])
    assert_close(training.cross_entropy_grad(logits, np.array([2])), [[1.0, 0.0, -1.0]],
                 "gradient for a logit gap of 1e4", atol=1e-12)


@pytest.mark.task("cross_entropy_grad")
@pytest.mark.parametrize("logits, labels, what", BAD_LABELS)
@training.oracles(**oracles_except("cross_entropy_grad"))
def test_cross_entropy_grad_rejects_bad_labels(logits, labels, what):
    """Labels outside [0, K) or not matching the B rows of the logits are rejected with ValueError.

    Hint: check logits.ndim == 2, labels.shape == (B,) and 0 <= labels < K.
    """
    assert_raises_value_error(training.cross_entropy_grad, logits, labels,
                              what=f"cross_entropy_grad with {what}")
