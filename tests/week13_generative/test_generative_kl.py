"""Week 13, generative.py, task gaussian_kl: KL(N(mu, diag sigma^2) || N(0, I)) in closed form.

Layers: a batch worked out by hand; agreement with the KL between two Gaussians of dense
covariances (numpy linear algebra); a Monte Carlo estimate E_q[log q - log p] (5 sigma);
the properties: KL >= 0 with equality only at the standard normal, additivity over
independent dimensions.
"""

import numpy as np
import pytest
from _generative_oracles import kl_dense, seeds
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager_once

generative = submission_module("week13_generative", "generative.py")

N_SAMPLES = 20_000


def _kl(mu, log_var):
    """The student's KL, checked to have one value per distribution; compiled once per shape where JAX traces it."""
    return assert_shape(traced_or_eager_once(generative.gaussian_kl)(mu, log_var), np.shape(mu)[:-1],
                        f"the KL of distributions mu of shape {np.shape(mu)}")


@pytest.mark.task("gaussian_kl")
def test_gaussian_kl_worked_example():
    """KL by hand: mu = (1, 0) with variances (1, 2) gives 1/2 + (1 - ln 2)/2; the standard normal itself gives 0.

    Per component KL = (sigma^2 + mu^2 - 1 - ln sigma^2) / 2: (1 + 1 - 1 - 0)/2 = 1/2 and
    (2 + 0 - 1 - ln 2)/2; a batch (2, 2) gives one KL per row, shape (2,).

    Hint: sum the components over the last axis only (one KL per row), keep the factor 1/2,
    and use the variance exp(log_var), not the standard deviation.
    """
    mu = np.array([[1.0, 0.0], [0.0, 0.0]])
    log_var = np.array([[0.0, np.log(2.0)], [0.0, 0.0]])
    assert_close(_kl(mu, log_var), [1.0 - np.log(2.0) / 2, 0.0], "KL of the rows (1, 0), log_var (0, ln 2) and "
                 "(0, 0), log_var (0, 0)")


@pytest.mark.task("gaussian_kl")
@given(seed=seeds)
@example(seed=0)
def test_gaussian_kl_agrees_with_the_dense_formula(seed):
    """For a batch of 4 distributions in 3 dimensions, the KL equals the general formula for two Gaussians.

    KL(N(m0, S0) || N(m1, S1)) = [tr(S1^-1 S0) + (m1 - m0)^T S1^-1 (m1 - m0) - k + ln det S1 - ln det S0] / 2
    with S0 = diag(exp(log_var)), m1 = 0, S1 = I, evaluated by numpy linear algebra.

    Hint: the KL is (sigma^2 + mu^2 - 1 - log sigma^2) / 2 summed over the components; check the
    sign of each term and that KL(q || p) has q = N(mu, sigma^2) first (not KL(p || q)).
    """
    rng = np.random.default_rng(seed)
    mu, log_var = rng.normal(0, 1.5, (4, 3)), rng.uniform(-3, 3, (4, 3))
    expected = [kl_dense(m, np.diag(np.exp(lv)), np.zeros(3), np.eye(3)) for m, lv in zip(mu, log_var)]
    assert_close(_kl(mu, log_var), expected, f"KL of a random batch (seed {seed})", rtol=1e-10, atol=1e-12)


@pytest.mark.task("gaussian_kl")
@pytest.mark.parametrize("mu, log_var, seed", [
    ((0.5, -1.0, 2.0), (0.0, -1.5, 1.0), 1),
    ((0.0, 0.2, 0.0), (-0.5, 0.3, 0.4), 2),
])
def test_gaussian_kl_agrees_with_monte_carlo(mu, log_var, seed):
    """The KL is the average of log q(z) - log p(z) over z ~ q: within 5 standard errors of 20 000 samples.

    Hint: this is the definition KL(q || p) = E_q[log q - log p], with q = N(mu, diag sigma^2)
    and p = N(0, I); your closed form must agree with it.
    """
    mu, log_var = np.array(mu), np.array(log_var)
    sigma = np.exp(log_var / 2)
    z = mu + sigma * np.random.default_rng(seed).normal(size=(N_SAMPLES, 3))
    log_ratio = np.sum(-0.5 * ((z - mu) / sigma) ** 2 - np.log(sigma) + 0.5 * z**2, axis=1)
    estimate, error = log_ratio.mean(), log_ratio.std(ddof=1) / np.sqrt(N_SAMPLES)
    kl = float(_kl(mu, log_var))
    assert abs(kl - estimate) <= 5 * error, (
        f"KL for mu = {mu}, log_var = {log_var} is {kl:.6g}, but the Monte Carlo average of log q - log p is "
        f"{estimate:.6g} +- {error:.2g}")


@pytest.mark.task("gaussian_kl")
@given(mu=st.lists(st.floats(-3, 3), min_size=3, max_size=3),
       log_var=st.lists(st.floats(-4, 4), min_size=3, max_size=3))
@example(mu=[0.0, 0.0, 0.0], log_var=[0.0, 0.0, 0.0])
@example(mu=[0.0, 0.0, 0.0], log_var=[0.0, 0.0, 1e-3])
@example(mu=[0.0, 1e-3, 0.0], log_var=[0.0, 0.0, 0.0])
def test_gaussian_kl_vanishes_only_at_the_standard_normal(mu, log_var):
    """KL >= 0, and KL = 0 exactly at mu = 0, log_var = 0, positive away from it (Gibbs' inequality).

    Hint: each component (sigma^2 - 1 - ln sigma^2 + mu^2) / 2 is >= 0 and vanishes only at
    sigma = 1, mu = 0; the "-1" is what makes the standard normal score 0.
    """
    mu, log_var = np.array(mu), np.array(log_var)
    kl = float(_kl(mu, log_var))
    if np.all(mu == 0) and np.all(log_var == 0):
        assert abs(kl) <= 1e-15, f"the KL of N(0, I) to itself is 0, got {kl:.6g}"
        return
    size = float(np.sum(np.expm1(log_var) - log_var + mu**2) / 2)  # the KL, free of cancellation
    assert kl >= -1e-14, f"the KL for mu = {mu}, log_var = {log_var} is negative: {kl:.6g}"
    if size > 1e-8:  # well above rounding: the KL must not vanish
        assert kl >= 0.5 * size, (
            f"the KL for mu = {mu}, log_var = {log_var} must be positive, about {size:.6g}, got {kl:.6g}")


@pytest.mark.task("gaussian_kl")
@given(seed=seeds)
@example(seed=3)
def test_gaussian_kl_adds_over_independent_dimensions(seed):
    """Independent dimensions add: the KL of (mu_a, mu_b) is the KL of mu_a plus that of mu_b.

    Latents of 2 and 1 dimensions (batch of 4) joined into 3.

    Hint: sum over the components, do not average them; the KL of a product of independent
    distributions is the sum of their KLs.
    """
    rng = np.random.default_rng(seed)
    mu_a, mu_b = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    lv_a, lv_b = rng.uniform(-2, 2, (4, 2)), rng.uniform(-2, 2, (4, 1))
    joined = _kl(np.concatenate([mu_a, mu_b], axis=1), np.concatenate([lv_a, lv_b], axis=1))
    assert_close(joined, _kl(mu_a, lv_a) + _kl(mu_b, lv_b), f"KL of 2 + 1 joined dimensions vs the sum of "
                 f"the two KLs (seed {seed})", rtol=1e-12, atol=1e-14)


@pytest.mark.task("gaussian_kl")
def test_gaussian_kl_rejects_bad_shapes():
    """mu and log_var of different shapes, or scalars without a latent axis to sum over, are a ValueError.

    Hint: check mu.shape == log_var.shape and that there is at least one axis; re-read "Raises".
    """
    assert_raises_value_error(generative.gaussian_kl, np.zeros((2, 3)), np.zeros((2, 2)),
                              what="mu (2, 3) with log_var (2, 2)")
    assert_raises_value_error(generative.gaussian_kl, np.zeros((2, 3)), np.zeros((3, 3)),
                              what="mu (2, 3) with log_var (3, 3)")
    assert_raises_value_error(generative.gaussian_kl, np.float64(0.5), np.float64(0.0),
                              what="scalar mu and log_var")
