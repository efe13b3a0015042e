"""Week 13, generative.py, task elbo: the evidence lower bound of a batch.

Every test runs `elbo` with the tests' own Bernoulli log-likelihood and Gaussian KL in place
of the student's (`generative.oracles(...)`), so that a bug in those costs only their own
tasks.  Layers: a batch worked out by hand; agreement with the mean over the batch of
log-likelihood minus KL; exact gradients by jax.grad; and the variational inequality on a
toy decoder with a one-dimensional latent whose evidence log p(x) and posterior come from
quadrature: the Monte Carlo ELBO stays below log p(x), falls short of it by exactly
KL(q || p(z | x)) (5 standard errors), and the gap shrinks as the encoder approaches the
true posterior.
"""

import functools

import jax
import numpy as np
import pytest
from _generative_oracles import ToyVAE, bernoulli_oracle, elbo_oracle, kl_oracle, seeds
from hypothesis import example, given

from autograder.checks import assert_close, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager, traced_or_eager_once

generative = submission_module("week13_generative", "generative.py")

N_LATENT_SAMPLES = 1000
TOY = ToyVAE()


def _elbo(x, logits, mu, log_var, *, traced=True):
    """The student's elbo, with the oracles' likelihood and KL, as a float.

    Compiled once per shape where JAX traces it, called as written where not; called as
    written for the toy decoder's batches of 1000 samples (traced=False), where jax.jit
    would unroll a loop over the samples.
    """
    with generative.oracles(bernoulli_log_likelihood=bernoulli_oracle, gaussian_kl=kl_oracle):
        elbo = traced_or_eager_once(generative.elbo) if traced else generative.elbo
        value = np.asarray(elbo(x, logits, mu, log_var), dtype=float)
    assert value.shape == (), f"elbo must return a scalar (the mean over the batch), got shape {value.shape}"
    return float(value)


@functools.cache
def _elbo_gradient(elbo):
    """jax.grad of elbo with respect to (logits, mu, log_var), compiled once where JAX traces it, else as written.

    Call it with the oracles in place (the trace keeps the likelihood and KL it met).
    """
    return traced_or_eager(jax.grad(elbo, argnums=(1, 2, 3)))


def _random_batch(seed):
    rng = np.random.default_rng(seed)
    return (rng.integers(0, 2, (4, 3)).astype(float), rng.normal(0, 3, (4, 3)), rng.normal(size=(4, 2)),
            rng.uniform(-2, 2, (4, 2)))


@pytest.mark.task("elbo")
def test_elbo_worked_example():
    """A batch of two: (-2 ln 2 - 0) and (ln 3 - 4 ln 2 - 1/2) average to (ln 3 - 6 ln 2 - 1/2) / 2.

    Sample 1: x = (1, 0), logits (0, 0): log p = 2 ln(1/2); mu = 0, log_var = 0: KL = 0.
    Sample 2: x = (0, 1), logits (ln 3, ln 3): log p = ln(1/4) + ln(3/4); mu = 1, log_var = 0: KL = 1/2.

    Hint: ELBO = mean over the batch of (log-likelihood - KL): subtract the KL, and average
    (not sum) over the samples.
    """
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    logits = np.array([[0.0, 0.0], [np.log(3.0), np.log(3.0)]])
    mu, log_var = np.array([[0.0], [1.0]]), np.zeros((2, 1))
    expected = (np.log(3.0) - 6 * np.log(2.0) - 0.5) / 2
    value = _elbo(x, logits, mu, log_var)
    assert abs(value - expected) <= 1e-12, f"the ELBO of this batch is {expected:.10g}, got {value:.10g}"


@pytest.mark.task("elbo")
@given(seed=seeds)
@example(seed=0)
def test_elbo_is_the_batch_mean_of_likelihood_minus_kl(seed):
    """For a random batch (B = 4, D = 3, Z = 2) the ELBO is the batch mean of log p(x | z) - KL(q || N(0, I)).

    Hint: call bernoulli_log_likelihood(x, logits) and gaussian_kl(mu, log_var), one value per
    sample each, and return the mean of their difference.
    """
    x, logits, mu, log_var = _random_batch(seed)
    expected = float(elbo_oracle(x, logits, mu, log_var))
    value = _elbo(x, logits, mu, log_var)
    assert_close(value, expected, f"the ELBO of a random batch (seed {seed})", rtol=1e-12, atol=1e-12)


@pytest.mark.task("elbo")
@given(seed=seeds)
@example(seed=1)
def test_elbo_gradients_for_training(seed):
    """jax.grad of the ELBO is exact: (x - sigmoid(logits)) / B, -mu / B and -(exp(log_var) - 1) / (2B).

    Training a VAE follows these gradients to the decoder (through the logits) and to the
    encoder (through mu and log_var).

    Hint: use jax.numpy only (no float(), no numpy) so that jax.grad can trace the ELBO; the
    factor 1/B comes from the mean over the batch.
    """
    x, logits, mu, log_var = _random_batch(seed)
    batch = len(x)
    try:
        with generative.oracles(bernoulli_log_likelihood=bernoulli_oracle, gaussian_kl=kl_oracle):
            grads = _elbo_gradient(generative.elbo)(x, logits, mu, log_var)
    except Exception as error:  # noqa: BLE001 - a function that jax cannot differentiate is the failure
        raise AssertionError(f"jax.grad of elbo failed: {type(error).__name__}: "
                             f"{str(error).splitlines()[0]}") from None
    sigmoid = np.exp(-np.logaddexp(0.0, -logits))
    expected = [(x - sigmoid) / batch, -mu / batch, -(np.exp(log_var) - 1) / (2 * batch)]
    for name, grad, exact in zip(("logits", "mu", "log_var"), grads, expected):
        assert_close(grad, exact, f"d ELBO / d {name} (seed {seed})", rtol=1e-10, atol=1e-12)


def _monte_carlo_elbo(mu, log_var, seed):
    """(your ELBO, its standard error) over N_LATENT_SAMPLES latent samples of the toy decoder."""
    eps = np.random.default_rng(seed).normal(size=N_LATENT_SAMPLES)
    terms, arguments = TOY.elbo_terms(mu, log_var, eps)
    return _elbo(*arguments, traced=False), terms.std(ddof=1) / np.sqrt(N_LATENT_SAMPLES)


ENCODERS = [(0.0, 0.0), (0.5, -0.5), (1.5, -1.5), (TOY.posterior_mean, float(np.log(TOY.posterior_var)))]


@pytest.mark.task("elbo")
@pytest.mark.parametrize("mu, log_var", ENCODERS, ids=["prior", "halfway", "off", "posterior fit"])
def test_elbo_is_a_lower_bound_with_the_kl_gap(mu, log_var):
    """Averaged over z ~ q, the ELBO lies below log p(x), short of it by KL(q || p(z | x)) (5 standard errors).

    Toy decoder: z ~ N(0, 1), logits = a z + b for 6 binary pixels, one data point x; log p(x)
    and the true posterior p(z | x) come from quadrature. The batch passed to elbo is 1000
    samples z = mu + sigma eps of the encoder q = N(mu, sigma^2), all of the same x, so the
    batch mean is the Monte Carlo average over q.

    Hint: log p(x) - ELBO = KL(q || p(z | x)) >= 0 holds only for
    ELBO = E_q[log p(x | z)] - KL(q || N(0, 1)): subtract the KL and average over the batch.
    """
    value, error = _monte_carlo_elbo(mu, log_var, seed=7)
    expected = TOY.log_evidence - TOY.kl_to_posterior(mu, log_var)
    what = f"encoder mu = {mu:.4g}, log_var = {log_var:.4g}"
    assert value <= TOY.log_evidence + 5 * error, (
        f"{what}: the ELBO {value:.6g} +- {error:.2g} exceeds log p(x) = {TOY.log_evidence:.6g}")
    assert abs(value - expected) <= 5 * error, (
        f"{what}: the ELBO is {value:.6g} +- {error:.2g}, but log p(x) - KL(q || posterior) = {expected:.6g}")


@pytest.mark.task("elbo")
def test_elbo_gap_shrinks_as_the_encoder_approaches_the_posterior():
    """Moving the encoder from the prior N(0, 1) towards the true posterior raises the ELBO towards log p(x).

    Four encoders on the path from the prior to the Gaussian with the posterior's mean and
    variance, the same latent noise eps for all (common random numbers): the ELBO must rise
    at every step, and at the end fall short of log p(x) only by KL(q || posterior) = 0.014
    (the posterior is nearly Gaussian), within 5 standard errors.

    Hint: the ELBO is E_q[log p(x | z)] - KL(q || N(0, 1)), averaged over the batch; with the
    wrong sign of the KL, the prior would score best.
    """
    path = np.linspace(0.0, 1.0, 4)
    target_mu, target_log_var = TOY.posterior_mean, np.log(TOY.posterior_var)
    results = [_monte_carlo_elbo(s * target_mu, s * target_log_var, seed=11) for s in path]
    values = [value for value, _ in results]
    assert all(np.diff(values) > 0), (
        f"the ELBO along the path from the prior to the posterior is {np.round(values, 4)}: it must increase")
    gap, error = TOY.log_evidence - values[-1], results[-1][1]
    allowed = TOY.kl_to_posterior(target_mu, target_log_var) + 5 * error
    assert gap <= allowed, (
        f"at the encoder that matches the posterior the ELBO is {values[-1]:.6g}, {gap:.3g} below "
        f"log p(x) = {TOY.log_evidence:.6g} (allowed: {allowed:.3g})")


@pytest.mark.task("elbo")
def test_elbo_rejects_bad_shapes():
    """x and logits must both be (B, D), mu and log_var both (B, Z), with the same B: ValueError otherwise.

    Hint: check the four shapes and that x and mu hold the same number of samples; re-read "Raises".
    """
    x, mu = np.zeros((3, 4)), np.zeros((3, 2))
    cases = [
        ((x, np.zeros((3, 5)), mu, mu), "x (3, 4) with logits (3, 5)"),
        ((x, x, mu, np.zeros((3, 1))), "mu (3, 2) with log_var (3, 1)"),
        ((x, x, np.zeros((2, 2)), np.zeros((2, 2))), "x of 3 samples with mu of 2"),
        ((np.zeros(4), np.zeros(4), np.zeros(2), np.zeros(2)), "1-D x, logits, mu and log_var (no batch axis)"),
    ]
    with generative.oracles(bernoulli_log_likelihood=bernoulli_oracle, gaussian_kl=kl_oracle):
        for arguments, what in cases:
            assert_raises_value_error(generative.elbo, *arguments, what=what)
