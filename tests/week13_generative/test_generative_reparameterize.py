"""Week 13, generative.py, task reparameterize: the reparameterization trick.

Layers: a sample worked out by hand; agreement with mu + exp(log_var / 2) eps; the
distribution of the samples (mean and covariance over 20 000 draws, 5 sigma); and the point
of the trick, gradients of an expectation with respect to (mu, log_var), which jax.grad
through your function must get right (the expectation by Gauss-Hermite quadrature, exact
to rounding, against its closed form).
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _generative_oracles import seeds
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager, traced_or_eager_once

generative = submission_module("week13_generative", "generative.py")

N_SAMPLES = 20_000
GH_NODES, GH_WEIGHTS = np.polynomial.hermite_e.hermegauss(40)  # E[f(eps)] = sum_k w_k f(x_k) / sqrt(2 pi)
GH_WEIGHTS = GH_WEIGHTS / np.sqrt(2 * np.pi)
LATENT = 3


def _reparameterize(mu, log_var, eps, *, traced=True):
    """The student's z, checked to have the shape of mu.

    Compiled once per shape where JAX traces it, called as written where not; called as
    written for the 20 000-sample batches (traced=False), where jax.jit would unroll a loop
    over the samples.
    """
    reparameterize = traced_or_eager_once(generative.reparameterize) if traced else generative.reparameterize
    return assert_shape(reparameterize(mu, log_var, eps), np.shape(mu), f"z for mu of shape {np.shape(mu)}")


@pytest.mark.task("reparameterize")
def test_reparameterize_worked_example():
    """z = mu + sigma eps with sigma = exp(log_var / 2): mu = (1, -2), variances (1, 9), eps = (0.5, -1) give (1.5, -5).

    Hint: log_var is the log of the variance; the standard deviation is exp(log_var / 2) =
    sqrt(exp(log_var)), not exp(log_var).
    """
    z = _reparameterize(np.array([1.0, -2.0]), np.array([0.0, np.log(9.0)]), np.array([0.5, -1.0]))
    assert_close(z, [1.5, -5.0], "z for mu = (1, -2), log_var = (0, log 9), eps = (0.5, -1)")


@pytest.mark.task("reparameterize")
@given(seed=seeds)
@example(seed=0)
def test_reparameterize_agrees_with_the_formula(seed):
    """A batch (4, 3) of samples equals mu + exp(log_var / 2) eps entry by entry.

    Hint: every operation is elementwise; scale eps by the standard deviation, then shift by mu.
    """
    rng = np.random.default_rng(seed)
    mu, log_var, eps = rng.normal(0, 2, (4, 3)), rng.uniform(-4, 3, (4, 3)), rng.normal(size=(4, 3))
    z = _reparameterize(mu, log_var, eps)
    assert_close(z, mu + np.exp(log_var / 2) * eps, f"z for a random batch (seed {seed})", rtol=1e-12, atol=1e-14)


@pytest.mark.task("reparameterize")
@pytest.mark.parametrize("mu, log_var, seed", [
    ((0.5, -1.0, 2.0), (0.0, -1.5, 1.0), 1),
    ((-3.0, 0.0, 0.7), (2.0, 0.3, -3.0), 2),
])
def test_reparameterized_samples_have_the_encoder_distribution(mu, log_var, seed):
    """20 000 samples z have mean mu and covariance diag(exp(log_var)) within 5 standard errors.

    Hint: z must be distributed as N(mu, diag sigma^2) when eps is standard normal: the
    variance is exp(log_var) and the components stay independent.
    """
    mu, log_var = np.array(mu), np.array(log_var)
    eps = np.random.default_rng(seed).normal(size=(N_SAMPLES, LATENT))
    z = _reparameterize(np.tile(mu, (N_SAMPLES, 1)), np.tile(log_var, (N_SAMPLES, 1)), eps, traced=False)
    cov = np.diag(np.exp(log_var))
    mean_error = np.sqrt(np.diag(cov) / N_SAMPLES)
    assert np.all(np.abs(z.mean(axis=0) - mu) <= 5 * mean_error), (
        f"the sample mean {z.mean(axis=0)} of z is more than 5 standard errors ({mean_error}) from mu = {mu}")
    sample_cov = np.cov(z, rowvar=False)
    cov_error = np.sqrt((np.outer(np.diag(cov), np.diag(cov)) + cov**2) / N_SAMPLES)
    worst = np.unravel_index(np.argmax(np.abs(sample_cov - cov) / cov_error), cov.shape)
    assert np.all(np.abs(sample_cov - cov) <= 5 * cov_error), (
        f"the sample covariance of z is more than 5 standard errors from diag(exp(log_var)) = "
        f"{np.diag(cov)}: entry {tuple(int(i) for i in worst)} is {sample_cov[worst]:.4g}, expected "
        f"{cov[worst]:.4g} +- {cov_error[worst]:.2g}")


@functools.cache
def _expected_cosine_gradient(reparameterize):
    """jax.grad of E[sum cos(z)] with respect to (mu, log_var), z = reparameterize(mu, log_var, eps).

    The expectation over eps is a quadrature; the gradient is compiled once where JAX traces
    it, and taken as written (eagerly) where not.
    """
    def expected_cosine(mu, log_var):
        """E[sum cos(z)] over z ~ N(mu, diag exp(log_var)) as a differentiable function, by quadrature over eps."""
        shape = (len(GH_NODES), len(mu))
        eps = jnp.broadcast_to(jnp.asarray(GH_NODES)[:, None], shape)
        z = reparameterize(jnp.broadcast_to(mu, shape), jnp.broadcast_to(log_var, shape), eps)
        return jnp.sum(jnp.asarray(GH_WEIGHTS) @ jnp.cos(z))

    return traced_or_eager(jax.grad(expected_cosine, argnums=(0, 1)))


@pytest.mark.task("reparameterize")
@given(mu=st.lists(st.floats(-3, 3), min_size=LATENT, max_size=LATENT),
       log_var=st.lists(st.floats(-2, 1.5), min_size=LATENT, max_size=LATENT))
@example(mu=[0.5, -1.0, 2.0], log_var=[0.0, 1.0, -1.0])
def test_reparameterize_carries_gradients_to_the_encoder(mu, log_var):
    """jax.grad of E[cos z] through your samples gives the exact gradients with respect to mu and log_var.

    With z ~ N(mu, sigma^2): E[cos z] = cos(mu) exp(-sigma^2 / 2), so
    d/dmu = -sin(mu) exp(-sigma^2/2) and d/dlog_var = -(sigma^2 / 2) cos(mu) exp(-sigma^2/2).
    The expectation over eps is a 40-node Gauss-Hermite sum of your z = reparameterize(mu, log_var, eps).

    Hint: write z with jax.numpy only (no numpy, no float()), so that jax.grad can follow
    it back to mu and log_var; a wrong standard deviation gives a wrong d/dlog_var.
    """
    mu, log_var = np.array(mu), np.array(log_var)
    try:
        gradient = _expected_cosine_gradient(generative.reparameterize)
        grad_mu, grad_log_var = gradient(mu, log_var)
    except Exception as error:  # noqa: BLE001 - a function that jax cannot differentiate is the failure
        raise AssertionError(f"jax.grad through reparameterize failed: {type(error).__name__}: "
                             f"{str(error).splitlines()[0]}") from None
    var = np.exp(log_var)
    damping = np.exp(-var / 2)
    what = f"at mu = {mu}, log_var = {log_var}"
    assert_close(grad_mu, -np.sin(mu) * damping, f"d E[cos z] / d mu {what}", rtol=1e-8, atol=1e-10)
    assert_close(grad_log_var, -0.5 * var * np.cos(mu) * damping, f"d E[cos z] / d log_var {what}",
                 rtol=1e-8, atol=1e-10)


@pytest.mark.task("reparameterize")
def test_reparameterize_rejects_mismatched_shapes():
    """mu, log_var and eps describe the same latent variables: arrays of different shapes are a ValueError.

    Hint: compare the three shapes before computing; re-read "Raises".
    """
    good = np.zeros((2, 3))
    assert_raises_value_error(generative.reparameterize, good, np.zeros((2, 2)), good,
                              what="mu (2, 3) with log_var (2, 2)")
    assert_raises_value_error(generative.reparameterize, good, good, np.zeros((3, 3)),
                              what="mu and log_var (2, 3) with eps (3, 3)")
    assert_raises_value_error(generative.reparameterize, np.zeros(3), np.zeros(2), np.zeros(3),
                              what="mu (3,) with log_var (2,)")
