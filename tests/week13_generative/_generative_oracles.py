"""Oracles of the week 13 generative.py tests, written independently of the student's module.

- Closed forms: the KL divergence between two Gaussians with dense covariances (numpy
  linear algebra), the Bernoulli log-likelihood in its naive and its stable form.
- Stand-ins for the graded functions that other graded functions call (`elbo` calls the
  likelihood and the KL, `q_sample` and `q_posterior` call `alpha_bar`): jitted jax.numpy,
  so that they trace like the student's own and compile once per shape, and they reject
  bad shapes (at trace time) as the docstrings say.
- The forward-process posterior by Gaussian conditioning with dense matrices (Bishop,
  PRML, eq. 2.116), per sample, in numpy.
- A toy VAE with a one-dimensional latent whose evidence log p(x), posterior and
  KL(q || posterior) come from quadrature on a fine grid.
- `called_at_steps`: the student's q_sample or q_posterior, compiled for one step per
  sample, called as written for one integer step.
"""

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st

from autograder.tracing import traced_or_eager_once

seeds = st.integers(min_value=0, max_value=2**32 - 1)

N_STEPS = 8  # length of the random schedules of the diffusion tests: one shape, few compilations
BATCH = 4  # batch size of the diffusion tests (different from every feature size below)
IMAGES = (BATCH, 2, 3)  # a batch of images: t per sample must broadcast over two axes, not one


# ------------------------------------------------------------------------------ VAE oracles

def kl_dense(mean0, cov0, mean1, cov1):
    """KL(N(mean0, cov0) || N(mean1, cov1)) for dense covariances (k, k), by numpy linear algebra."""
    k = len(mean0)
    diff = np.asarray(mean1, float) - np.asarray(mean0, float)
    _, logdet0 = np.linalg.slogdet(cov0)
    _, logdet1 = np.linalg.slogdet(cov1)
    return 0.5 * (np.trace(np.linalg.solve(cov1, cov0)) + diff @ np.linalg.solve(cov1, diff) - k
                  + logdet1 - logdet0)


@jax.jit
def kl_oracle(mu, log_var):
    """Stand-in for the student's gaussian_kl: sum of log(1/sigma) + (sigma^2 + mu^2)/2 - 1/2."""
    mu, log_var = jnp.asarray(mu, float), jnp.asarray(log_var, float)
    if jnp.ndim(mu) < 1 or jnp.shape(log_var) != jnp.shape(mu):
        raise ValueError(f"gaussian_kl (the tests' oracle): shapes {mu.shape} and {log_var.shape}")
    return jnp.sum(-0.5 * log_var + 0.5 * (jnp.exp(log_var) + mu**2) - 0.5, axis=-1)


@jax.jit
def bernoulli_oracle(x, logits):
    """Stand-in for the student's bernoulli_log_likelihood: sum of log sigmoid(+-logits), sign (2x - 1)."""
    x, logits = jnp.asarray(x, float), jnp.asarray(logits, float)
    if jnp.ndim(x) < 1 or jnp.shape(logits) != jnp.shape(x):
        raise ValueError(f"bernoulli_log_likelihood (the tests' oracle): shapes {x.shape} and {logits.shape}")
    return -jnp.sum(jnp.logaddexp(0.0, -(2.0 * x - 1.0) * logits), axis=-1)


@jax.jit
def elbo_oracle(x, logits, mu, log_var):
    """The batch mean of bernoulli_oracle(x, logits) - kl_oracle(mu, log_var), compiled as one."""
    return jnp.mean(bernoulli_oracle(x, logits) - kl_oracle(mu, log_var))


def bernoulli_naive(x, logits):
    """x log p + (1 - x) log(1 - p) with p = 1 / (1 + exp(-logits)), in numpy (accurate for |logits| <= 15)."""
    p = 1.0 / (1.0 + np.exp(-np.asarray(logits, float)))
    return np.sum(x * np.log(p) + (1 - x) * np.log(1.0 - p), axis=-1)


def bernoulli_stable(x, logits):
    """x logits - log(1 + exp(logits)) in numpy, with the log-sum taken by np.logaddexp."""
    logits = np.asarray(logits, float)
    return np.sum(x * logits - np.logaddexp(0.0, logits), axis=-1)


class ToyVAE:
    """A decoder with a one-dimensional latent, z ~ N(0, 1), logits = a z + b, and one data point x.

    Everything about the true posterior p(z | x) follows from quadrature on a grid of z, where
    the integrands are smooth and negligible beyond |z| = 12.
    """

    a = np.array([2.0, -1.5, 1.0, 2.5, -2.0, 0.5])
    b = np.array([0.3, -0.2, 0.5, -1.0, 0.1, 0.0])
    x = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    grid = np.linspace(-12.0, 12.0, 24001)

    def integrate(self, values):
        """The integral over z of values on the grid (trapezoid rule; the integrands vanish at both ends)."""
        return np.sum(values) * (self.grid[1] - self.grid[0])

    def __init__(self):
        log_joint = self.log_prior(self.grid) + bernoulli_stable(self.x, np.outer(self.grid, self.a) + self.b)
        top = log_joint.max()
        self.log_evidence = top + np.log(self.integrate(np.exp(log_joint - top)))
        self.log_posterior = log_joint - self.log_evidence
        posterior = np.exp(self.log_posterior)
        self.posterior_mean = self.integrate(self.grid * posterior)
        self.posterior_var = self.integrate((self.grid - self.posterior_mean) ** 2 * posterior)

    @staticmethod
    def log_prior(z):
        return -0.5 * z**2 - 0.5 * np.log(2 * np.pi)

    def kl_to_posterior(self, mu, log_var):
        """KL(N(mu, exp(log_var)) || p(z | x)) by quadrature: the gap between log p(x) and the ELBO."""
        var = np.exp(log_var)
        log_q = -0.5 * (self.grid - mu) ** 2 / var - 0.5 * np.log(2 * np.pi * var)
        return self.integrate(np.exp(log_q) * (log_q - self.log_posterior))

    def elbo_terms(self, mu, log_var, eps):
        """The ELBO's per-sample terms and the elbo() arguments for latent samples z = mu + sigma eps.

        Returns (terms, (x, logits, mu, log_var)): one row per sample, all of the same x, so
        that the batch mean of elbo() is the Monte Carlo average over q(z | x).
        """
        k = len(eps)
        z = mu + np.exp(0.5 * log_var) * eps
        logits = np.outer(z, self.a) + self.b
        x = np.tile(self.x, (k, 1))
        mus, log_vars = np.full((k, 1), mu), np.full((k, 1), log_var)
        terms = bernoulli_stable(x, logits) - 0.5 * (np.exp(log_var) + mu**2 - 1.0 - log_var)
        return terms, (x, logits, mus, log_vars)


# ---------------------------------------------------------------------------- diffusion oracles

@jax.jit
def alpha_bar_oracle(betas):
    """Stand-in for the student's alpha_bar: exp of the cumulative sum of log(1 - beta)."""
    betas = jnp.asarray(betas, float)
    if jnp.ndim(betas) != 1 or jnp.size(betas) < 1:
        raise ValueError(f"alpha_bar (the tests' oracle): betas of shape {betas.shape}")
    return jnp.exp(jnp.cumsum(jnp.log1p(-betas)))


def alpha_bar_loop(betas):
    """prod_{s <= t} (1 - betas[s]) by a Python loop, in numpy."""
    values, product = [], 1.0
    for beta in np.asarray(betas, float):
        product *= 1.0 - beta
        values.append(product)
    return np.array(values)


def per_sample_steps(t, batch):
    """t as one step per sample: an integer array (batch,)."""
    t = np.asarray(t)
    return np.full(batch, int(t)) if t.ndim == 0 else t


def q_sample_oracle(x0, t, eps, betas):
    """sqrt(abar_t) x0 + sqrt(1 - abar_t) eps sample by sample (numpy); x0 (B, ...)."""
    abar = alpha_bar_loop(betas)
    steps = per_sample_steps(t, len(x0))
    return np.stack([np.sqrt(abar[s]) * x + np.sqrt(1 - abar[s]) * e for x, s, e in zip(x0, steps, eps)])


def posterior_by_conditioning(x0, xt, t, betas):
    """Mean and variance (both of x0's shape) of q(x_{t-1} | x_t, x_0) by Bishop's eq. 2.116.

    For each sample, with x = x_{t-1} flattened to k components: the prior
    p(x) = N(mean_prior, Lambda^-1) is q(x_{t-1} | x_0); the likelihood
    p(y | x) = N(A x, L^-1) is one forward step to y = x_t; then
    Sigma = (Lambda + A^T L A)^-1 and mean = Sigma (A^T L y + Lambda mean_prior).
    """
    betas = np.asarray(betas, float)
    abar = alpha_bar_loop(betas)
    steps = per_sample_steps(t, len(x0))
    means, variances = [], []
    for x0_b, xt_b, s in zip(np.asarray(x0, float), np.asarray(xt, float), steps):
        k = x0_b.size
        eye = np.eye(k)
        prior_mean = np.sqrt(abar[s - 1]) * x0_b.ravel()
        prior_precision = eye / (1.0 - abar[s - 1])
        a = np.sqrt(1.0 - betas[s]) * eye
        noise_precision = eye / betas[s]
        sigma = np.linalg.inv(prior_precision + a.T @ noise_precision @ a)
        mean = sigma @ (a.T @ noise_precision @ xt_b.ravel() + prior_precision @ prior_mean)
        means.append(mean.reshape(x0_b.shape))
        variances.append(np.diag(sigma).reshape(x0_b.shape))
    return np.stack(means), np.stack(variances)


def random_betas(rng):
    """A random schedule of N_STEPS betas in [0.02, 0.6] (not sorted: any betas in (0, 1) are valid)."""
    return rng.uniform(0.02, 0.6, N_STEPS)


def called_at_steps(function, *arguments, position):
    """function(*arguments), where arguments[position] is the step t, as the tests call it.

    For an array t (one step per sample), compiled once per shape where JAX traces it and
    called as written where not.  For an integer t, called as written: the student's code
    gets the Python integer (an `isinstance(t, int)` or a check of its value behaves as in
    any eager call), and the few operations of a scalar step compile once for all tests.
    """
    if np.ndim(arguments[position]) == 0:
        return function(*arguments)
    return traced_or_eager_once(function)(*arguments)
