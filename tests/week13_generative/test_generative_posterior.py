"""Week 13, generative.py, task q_posterior: the forward-process posterior q(x_{t-1} | x_t, x_0).

Every test runs `q_posterior` with the tests' own alpha_bar in place of the student's
(`generative.oracles(...)`).  The variance may come back as a scalar, per sample ((B,) or
(B, 1, ...)) or at the mean's full shape: the tests expand it to the full shape first.
Layers: a step worked out by hand; agreement with Gaussian conditioning by dense linear
algebra (Bishop, PRML, eq. 2.116) for any step, one per batch or one per sample, for a
batch of images; the consistency of the posterior with the forward process (averaging
it over x_t ~ q(x_t | x_0) gives back q(x_{t-1} | x_0)); the ValueErrors.
"""

import numpy as np
import pytest
from _generative_oracles import (BATCH, IMAGES, N_STEPS, alpha_bar_loop, alpha_bar_oracle, called_at_steps,
                                 posterior_by_conditioning, random_betas, seeds)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import as_array, assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

generative = submission_module("week13_generative", "generative.py")

steps = st.integers(1, N_STEPS - 1)
step_arguments = st.one_of(steps, st.lists(steps, min_size=BATCH, max_size=BATCH).map(np.array))


def _full_variance(variance, shape, what):
    """The variance expanded to the mean's shape: a scalar, (B,) per sample, (B, 1, ...) or the full shape."""
    variance = as_array(variance, what)
    if variance.shape == shape[:1] and len(shape) > 1:  # one value per sample
        variance = variance.reshape(shape[:1] + (1,) * (len(shape) - 1))
    try:
        return np.broadcast_to(variance, shape)
    except ValueError:
        raise AssertionError(f"{what}: a variance of shape {variance.shape} does not broadcast against the mean "
                             f"of shape {shape} (allowed: a scalar, (B,), (B, 1, ...) or {shape})") from None


def _q_posterior(x0, xt, t, betas):
    """The student's (mean, variance), both at x0's shape.

    Compiled once per shape for an array t where JAX traces it, called as written for an
    integer t and where JAX does not trace it.
    """
    with generative.oracles(alpha_bar=alpha_bar_oracle):
        result = called_at_steps(generative.q_posterior, x0, xt, t, betas, position=2)
    assert result is not None and len(result) == 2, (
        f"q_posterior must return the pair (mean, variance), got {type(result).__name__}")
    what = f"q(x_(t-1) | x_t, x_0) for x0 of shape {np.shape(x0)} and t = {t}"
    mean = assert_shape(result[0], np.shape(x0), f"the mean of {what}")
    return mean, _full_variance(result[1], np.shape(x0), f"the variance of {what}")


@pytest.mark.task("q_posterior")
def test_q_posterior_worked_example():
    """betas (0.36, 0.75), t = 1: mean = (5/7) x0 + (3/14) xt and variance 9/28.

    alpha_bar = (0.64, 0.16), alpha_1 = 0.25: the coefficient of x0 is
    sqrt(0.64) 0.75 / 0.84 = 5/7, that of xt is sqrt(0.25) 0.36 / 0.84 = 3/14, and the variance
    0.75 * 0.36 / 0.84 = 9/28. x0 = (1.4, 0), xt = (2.8, 1.4) give the mean (1.6, 0.3).

    Hint: the coefficient of x0 uses sqrt(alpha_bar[t-1]) and betas[t]; that of xt uses
    sqrt(1 - betas[t]) (one step, not alpha_bar) and 1 - alpha_bar[t-1]; all over 1 - alpha_bar[t].
    """
    mean, variance = _q_posterior(np.array([1.4, 0.0]), np.array([2.8, 1.4]), 1, np.array([0.36, 0.75]))
    assert_close(mean, [1.6, 0.3], "the posterior mean for x0 = (1.4, 0), xt = (2.8, 1.4), t = 1")
    assert_close(variance, [9 / 28, 9 / 28], "the posterior variance for betas (0.36, 0.75), t = 1")


@pytest.mark.task("q_posterior")
@given(seed=seeds, t=step_arguments)
@example(seed=0, t=np.array([7, 1, 4, 4]))
@example(seed=1, t=np.array([1, 2, 6, 7]))
@example(seed=2, t=1)
@example(seed=3, t=7)
def test_q_posterior_agrees_with_gaussian_conditioning(seed, t):
    """The posterior is the Gaussian conditioning of q(x_{t-1} | x0) on one forward step to x_t (Bishop eq. 2.116).

    With the prior N(sqrt(abar_{t-1}) x0, (1 - abar_{t-1}) I) and the step
    x_t ~ N(sqrt(1 - beta_t) x_{t-1}, beta_t I), dense matrices give
    Sigma = (Lambda + A^T L A)^-1 and mean = Sigma (A^T L x_t + Lambda mu), per sample.
    A batch of 4 images (4, 2, 3), one step t or one per sample, 8 random betas.

    Hint: alpha_bar[t-1] belongs to the prior and betas[t] to the step from t-1 to t; for t of
    shape (B,), index the schedules with t and t - 1 and reshape them to (B, 1, ..., 1).
    """
    rng = np.random.default_rng(seed)
    shape = IMAGES
    betas, x0, xt = random_betas(rng), rng.normal(size=shape), rng.normal(size=shape)
    expected_mean, expected_variance = posterior_by_conditioning(x0, xt, t, betas)
    mean, variance = _q_posterior(x0, xt, t, betas)
    what = f"for x0 of shape {shape} with t = {t} (seed {seed})"
    assert_close(mean, expected_mean, f"the posterior mean {what}", rtol=1e-10, atol=1e-12)
    assert_close(variance, expected_variance, f"the posterior variance {what}", rtol=1e-10, atol=1e-14)


@pytest.mark.task("q_posterior")
@given(seed=seeds, t=steps)
@example(seed=0, t=1)
@example(seed=1, t=N_STEPS - 1)
def test_q_posterior_is_consistent_with_the_forward_process(seed, t):
    """Averaged over x_t ~ q(x_t | x0), the posterior gives back q(x_{t-1} | x0): the forward process one step earlier.

    Its mean must average to sqrt(abar_{t-1}) x0 and its total variance be 1 - abar_{t-1}.

    The mean is linear in x_t, mean = c0 x0 + c1 x_t (c1 read off as the mean at x0 = 0, x_t = 1),
    so E[mean] = mean(x0, sqrt(abar_t) x0) and the law of total variance gives
    c1^2 (1 - abar_t) + variance = 1 - abar_{t-1}.

    Hint: the posterior must describe the same process as q_sample: check which alpha_bar
    belongs to step t - 1 and which to step t, and that the variance is
    betas[t] (1 - abar[t-1]) / (1 - abar[t]).
    """
    rng = np.random.default_rng(seed)
    betas, x0 = random_betas(rng), rng.normal(size=(BATCH, 3))
    abar = alpha_bar_loop(betas)
    average_mean, variance = _q_posterior(x0, np.sqrt(abar[t]) * x0, t, betas)
    c1, _ = _q_posterior(np.zeros((BATCH, 3)), np.ones((BATCH, 3)), t, betas)
    what = f"at t = {t} (seed {seed})"
    assert_close(average_mean, np.sqrt(abar[t - 1]) * x0, f"the posterior mean averaged over x_t {what}",
                 rtol=1e-10, atol=1e-12)
    assert_close(c1**2 * (1 - abar[t]) + variance, np.full((BATCH, 3), 1 - abar[t - 1]),
                 f"the total variance of x_(t-1) given x0 {what}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("q_posterior")
def test_q_posterior_rejects_bad_shapes():
    """x_t of another shape than x0, or a per-sample t whose length is not the batch size, is a ValueError.

    Hint: check xt.shape == x0.shape, and for an array t that t.shape == (x0.shape[0],);
    re-read "Raises".
    """
    betas, x0 = np.full(N_STEPS, 0.1), np.zeros((BATCH, 3))
    with generative.oracles(alpha_bar=alpha_bar_oracle):
        assert_raises_value_error(generative.q_posterior, x0, np.zeros((BATCH, 2)), 2, betas,
                                  what="x0 (4, 3) with xt (4, 2)")
        assert_raises_value_error(generative.q_posterior, x0, x0, np.ones(BATCH + 1, dtype=int), betas,
                                  what="x0 of 4 samples with t of 5 steps")
        assert_raises_value_error(generative.q_posterior, x0, x0, np.ones(BATCH - 1, dtype=int), betas,
                                  what="x0 of 4 samples with t of 3 steps")
