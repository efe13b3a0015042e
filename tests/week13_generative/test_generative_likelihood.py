"""Week 13, generative.py, task bernoulli_log_likelihood: a numerically stable Bernoulli log-likelihood.

Layers: a batch worked out by hand; agreement with the naive x log p + (1 - x) log(1 - p)
where that is accurate (|logits| <= 15); agreement with the stable form for |logits| up to
1e3, with pinned saturated logits; finite, exact gradients there (what training needs);
normalisation: exp of it sums to 1 over all 2^D binary vectors.
"""

import functools
import itertools

import jax
import numpy as np
import pytest
from _generative_oracles import bernoulli_naive, bernoulli_stable, seeds
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager, traced_or_eager_once

generative = submission_module("week13_generative", "generative.py")

SHAPE = (4, 3)
ALL_BINARY_4 = np.array(list(itertools.product([0.0, 1.0], repeat=4)))  # the 16 vectors of {0, 1}^4
SATURATED = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
SATURATED_LOGITS = np.array([[1e3, 1e3, -1e3], [-1e3, 50.0, -50.0], [700.0, -700.0, 0.0], [-1e3, 800.0, 1e3]])


def _log_likelihood(x, logits):
    """The student's log-likelihood, one value per sample; compiled once per shape where JAX traces it."""
    return assert_shape(traced_or_eager_once(generative.bernoulli_log_likelihood)(x, logits), np.shape(x)[:-1],
                        f"the log-likelihood of a batch x of shape {np.shape(x)}")


@functools.cache
def _saturated_gradient(bernoulli_log_likelihood):
    """jax.grad with respect to the logits of the summed log-likelihood of x = SATURATED.

    Compiled once where JAX traces it, taken as written (eagerly) where not.
    """
    return traced_or_eager(jax.grad(lambda logits: bernoulli_log_likelihood(SATURATED, logits).sum()))


def _binary_batch(rng):
    return rng.integers(0, 2, SHAPE).astype(float)


@pytest.mark.task("bernoulli_log_likelihood")
def test_bernoulli_log_likelihood_worked_example():
    """By hand: x = (1, 0) with p = (1/2, 3/4) scores -3 ln 2, and x = (0, 1) with p = (1/4, 3/4) scores 2 ln(3/4).

    Row 1: ln(1/2) + ln(1 - 3/4) = -3 ln 2; row 2: ln(1 - 1/4) + ln(3/4) = 2 ln(3/4).

    The logits are log-odds, p = sigmoid(logits): logits (0, ln 3) and (-ln 3, ln 3).

    Hint: x = 1 scores log p and x = 0 scores log(1 - p); sum over the last axis, one value per row.
    """
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    logits = np.array([[0.0, np.log(3.0)], [-np.log(3.0), np.log(3.0)]])
    assert_close(_log_likelihood(x, logits), [-3 * np.log(2.0), 2 * np.log(0.75)],
                 "log p(x) of the rows x = (1, 0), logits (0, ln 3) and x = (0, 1), logits (-ln 3, ln 3)")


@pytest.mark.task("bernoulli_log_likelihood")
@given(seed=seeds)
@example(seed=0)
def test_bernoulli_log_likelihood_agrees_with_the_naive_form(seed):
    """For |logits| <= 15 the log-likelihood equals the naive x log p + (1 - x) log(1 - p), p = sigmoid(logits).

    Hint: p = 1 / (1 + exp(-logits)) is the probability of x = 1; sum over the last axis.
    """
    rng = np.random.default_rng(seed)
    x, logits = _binary_batch(rng), rng.uniform(-15, 15, SHAPE)
    assert_close(_log_likelihood(x, logits), bernoulli_naive(x, logits),
                 f"log p(x) for random binary x and logits in [-15, 15] (seed {seed})", rtol=1e-9, atol=1e-12)


@pytest.mark.task("bernoulli_log_likelihood")
@given(seed=seeds)
@example(seed=1)
def test_bernoulli_log_likelihood_is_stable_for_large_logits(seed):
    """Logits up to |1e3| give finite, exact values: x logits - log(1 + exp(logits)) without overflow.

    A confident right answer (x = 1, logits = 1e3) scores 0, a confident wrong one (x = 0,
    logits = 1e3) scores -1e3; exp(1e3) overflows and log(sigmoid(-1e3)) is log(0).

    Hint: use jnp.logaddexp(0, logits) (or jax.nn.softplus / jax.nn.log_sigmoid) instead of
    log(1 + exp(logits)) or log(sigmoid(...)); do not clip the logits.
    """
    rng = np.random.default_rng(seed)
    x, logits = _binary_batch(rng), rng.uniform(-1e3, 1e3, SHAPE)
    assert_close(_log_likelihood(SATURATED, SATURATED_LOGITS), bernoulli_stable(SATURATED, SATURATED_LOGITS),
                 f"log p(x) for the logits\n{SATURATED_LOGITS}\nand x\n{SATURATED}", rtol=1e-12, atol=1e-12)
    assert_close(_log_likelihood(x, logits), bernoulli_stable(x, logits),
                 f"log p(x) for random logits in [-1e3, 1e3] (seed {seed})", rtol=1e-12, atol=1e-12)


@pytest.mark.task("bernoulli_log_likelihood")
@pytest.mark.parametrize("scale", [1.0, 50.0, 1e3])
def test_bernoulli_log_likelihood_has_finite_gradients(scale):
    """The gradient with respect to the logits is x - sigmoid(logits), finite even for |logits| = 1e3.

    jax.grad of the summed log-likelihood at logits scale * (+-1, +-0.5) must be exact: a
    decoder is trained through it.

    Hint: a jnp.where that picks a stable branch still differentiates the other branch, and
    0 * inf = nan in the gradient; jnp.logaddexp and jax.nn.softplus have stable gradients.
    """
    x = SATURATED
    logits = scale * np.array([[1.0, -1.0, 0.5], [-1.0, 1.0, -0.5], [0.5, 1.0, -1.0], [-0.5, 0.5, 1.0]])
    try:
        grad = _saturated_gradient(generative.bernoulli_log_likelihood)(logits)
    except Exception as error:  # noqa: BLE001 - a function that jax cannot differentiate is the failure
        raise AssertionError(f"jax.grad of bernoulli_log_likelihood failed: {type(error).__name__}: "
                             f"{str(error).splitlines()[0]}") from None
    expected = x - np.exp(-np.logaddexp(0.0, -logits))  # x - sigmoid(logits), without overflow
    assert_close(grad, expected, f"d log p / d logits = x - sigmoid(logits) at logits of size {scale:g}",
                 rtol=1e-9, atol=1e-12)


@pytest.mark.task("bernoulli_log_likelihood")
@given(logits=st.lists(st.floats(-20, 20), min_size=4, max_size=4))
@example(logits=[0.0, 3.0, -8.0, 20.0])
def test_bernoulli_likelihood_is_normalised(logits):
    """A probability distribution: exp(log p(x)) summed over all 16 binary vectors x of {0, 1}^4 is 1.

    Hint: x = 1 must score log p and x = 0 log(1 - p), with the same p = sigmoid(logits):
    swapping them or dropping a term breaks the normalisation.
    """
    log_p = _log_likelihood(ALL_BINARY_4, np.tile(logits, (16, 1)))
    total = float(np.sum(np.exp(log_p)))
    assert abs(total - 1.0) <= 1e-12, f"sum over x in {{0, 1}}^4 of p(x) with logits {logits} is {total!r}, not 1"


@pytest.mark.task("bernoulli_log_likelihood")
def test_bernoulli_log_likelihood_rejects_bad_shapes():
    """x and logits of different shapes, or scalars without a component axis to sum over, are a ValueError.

    Hint: check x.shape == logits.shape and that there is at least one axis; re-read "Raises".
    """
    assert_raises_value_error(generative.bernoulli_log_likelihood, np.zeros((2, 3)), np.zeros((2, 4)),
                              what="x (2, 3) with logits (2, 4)")
    assert_raises_value_error(generative.bernoulli_log_likelihood, np.zeros((2, 3)), np.zeros((3, 3)),
                              what="x (2, 3) with logits (3, 3)")
    assert_raises_value_error(generative.bernoulli_log_likelihood, np.float64(1.0), np.float64(0.5),
                              what="scalar x and logits")
