"""Week 13, generative.py, task q_sample: sampling the forward (noising) process in one go.

Every test runs `q_sample` with the tests' own alpha_bar in place of the student's
(`generative.oracles(...)`), so that a bug there costs only the alpha_bar task.  Layers:
samples worked out by hand (scalar and per-sample steps); agreement with
sqrt(abar_t) x0 + sqrt(1 - abar_t) eps sample by sample, for a batch of images (4, 2, 3);
the marginal of 20 000 samples against the step-by-step Markov chain it replaces
(mean and variance, 5 sigma); the ValueErrors.
"""

import numpy as np
import pytest
from _generative_oracles import (BATCH, IMAGES, N_STEPS, alpha_bar_oracle, called_at_steps, q_sample_oracle,
                                 random_betas, seeds)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

generative = submission_module("week13_generative", "generative.py")

N_SAMPLES = 20_000
steps = st.integers(0, N_STEPS - 1)
step_arguments = st.one_of(steps, st.lists(steps, min_size=BATCH, max_size=BATCH).map(np.array))


def _q_sample(x0, t, eps, betas):
    """The student's x_t, checked to have the shape of x0.

    Compiled once per shape for an array t where JAX traces it, called as written for an
    integer t and where JAX does not trace it.
    """
    with generative.oracles(alpha_bar=alpha_bar_oracle):
        return assert_shape(called_at_steps(generative.q_sample, x0, t, eps, betas, position=1), np.shape(x0),
                            f"x_t for x0 of shape {np.shape(x0)} and t = {t}")


@pytest.mark.task("q_sample")
def test_q_sample_worked_example():
    """betas (0.1, 0.6) give alpha_bar (0.9, 0.36): x_1 = 0.6 x0 + 0.8 eps and x_0 = sqrt(0.9) x0 + sqrt(0.1) eps.

    With x0 = (1, 2) and eps = (1, -1): x_1 = (1.4, 0.4).

    Hint: the signal is scaled by sqrt(alpha_bar[t]) and the noise by sqrt(1 - alpha_bar[t]),
    square roots of the variances; step t = 0 already adds noise (index t is after step t).
    """
    betas, x0, eps = np.array([0.1, 0.6]), np.array([1.0, 2.0]), np.array([1.0, -1.0])
    assert_close(_q_sample(x0, 1, eps, betas), [1.4, 0.4], "x_1 for x0 = (1, 2), eps = (1, -1), betas (0.1, 0.6)")
    assert_close(_q_sample(x0, 0, eps, betas), np.sqrt(0.9) * x0 + np.sqrt(0.1) * eps,
                 "x_0 for x0 = (1, 2), eps = (1, -1), betas (0.1, 0.6)")


@pytest.mark.task("q_sample")
def test_q_sample_with_one_step_per_sample():
    """With t = (1, 0) for a batch of two, sample 0 is noised to step 1 and sample 1 to step 0.

    x0 = ((1, 2), (3, 4)), eps = ((1, -1), (0, 2)), betas (0.1, 0.6): row 0 is
    0.6 (1, 2) + 0.8 (1, -1) = (1.4, 0.4), row 1 is sqrt(0.9) (3, 4) + sqrt(0.1) (0, 2).

    Hint: alpha_bar[t] has shape (B,) for t of shape (B,); reshape it to (B, 1, ..., 1) so
    that it multiplies whole samples, not the components of each sample.
    """
    betas = np.array([0.1, 0.6])
    x0, eps = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, -1.0], [0.0, 2.0]])
    expected = np.array([[1.4, 0.4], np.sqrt(0.9) * x0[1] + np.sqrt(0.1) * eps[1]])
    assert_close(_q_sample(x0, np.array([1, 0]), eps, betas), expected, "x_t of two samples with t = (1, 0)")


@pytest.mark.task("q_sample")
@given(seed=seeds, t=step_arguments)
@example(seed=0, t=np.array([7, 0, 3, 3]))
@example(seed=1, t=5)
def test_q_sample_agrees_with_the_closed_form(seed, t):
    """For a batch of 4 images (4, 2, 3), x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, sample by sample.

    t is one step for the whole batch, or one step per sample; the schedule has 8 random betas.

    Hint: for t of shape (B,), index alpha_bar with t and reshape to (B, 1, ..., 1) with as
    many 1s as x0 has axes after the batch axis (here 2: x0 may be (B, D), (B, H, W), ...).
    """
    rng = np.random.default_rng(seed)
    shape = IMAGES
    betas, x0, eps = random_betas(rng), rng.normal(size=shape), rng.normal(size=shape)
    assert_close(_q_sample(x0, t, eps, betas), q_sample_oracle(x0, t, eps, betas),
                 f"x_t for x0 of shape {shape} with t = {t} (seed {seed})", rtol=1e-12, atol=1e-14)


@pytest.mark.task("q_sample")
@pytest.mark.parametrize("t", [0, 2, 5])
def test_q_sample_matches_the_markov_chain(t):
    """t + 1 small noising steps x <- sqrt(1 - beta_s) x + sqrt(beta_s) noise compose to your one-shot x_t.

    20 000 chains simulated step by step from x0 = (1.5, -0.5, 0) and 20 000 one-shot samples of
    yours must have the same mean and variance in every component (5 standard errors of the
    difference).

    Hint: the composed Gaussian has mean sqrt(alpha_bar[t]) x0 and variance 1 - alpha_bar[t],
    with alpha_bar[t] including step t itself.
    """
    betas = np.array([0.3, 0.15, 0.25, 0.2, 0.1, 0.35])
    x0 = np.array([1.5, -0.5, 0.0])
    rng = np.random.default_rng(t)
    chain = np.tile(x0, (N_SAMPLES, 1))
    for s in range(t + 1):
        chain = np.sqrt(1 - betas[s]) * chain + np.sqrt(betas[s]) * rng.normal(size=chain.shape)
    one_shot = _q_sample(np.tile(x0, (N_SAMPLES, 1)), t, rng.normal(size=(N_SAMPLES, 3)), betas)
    for name, statistic, spread in [("mean", np.mean, lambda v: np.sqrt(2 * v / N_SAMPLES)),
                                    ("variance", np.var, lambda v: v * np.sqrt(4 / N_SAMPLES))]:
        found, expected = statistic(one_shot, axis=0), statistic(chain, axis=0)
        error = spread(np.var(chain, axis=0))
        assert np.all(np.abs(found - expected) <= 5 * error), (
            f"after step t = {t} from x0 = {x0}: the {name} of your samples is {found}, the Markov chain's is "
            f"{expected} (5 standard errors of the difference: {5 * error})")


@pytest.mark.task("q_sample")
def test_q_sample_rejects_bad_shapes():
    """Noise of another shape than x0, or a per-sample t whose length is not the batch size, is a ValueError.

    Hint: check eps.shape == x0.shape, and for an array t that t.shape == (x0.shape[0],);
    re-read "Raises".
    """
    betas, x0 = np.full(N_STEPS, 0.1), np.zeros((BATCH, 3))
    with generative.oracles(alpha_bar=alpha_bar_oracle):
        assert_raises_value_error(generative.q_sample, x0, 2, np.zeros((BATCH, 2)), betas,
                                  what="x0 (4, 3) with eps (4, 2)")
        assert_raises_value_error(generative.q_sample, x0, np.arange(BATCH + 1), x0, betas,
                                  what="x0 of 4 samples with t of 5 steps")
        assert_raises_value_error(generative.q_sample, x0, np.arange(BATCH - 1), x0, betas,
                                  what="x0 of 4 samples with t of 3 steps")
