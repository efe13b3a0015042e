"""Week 13: generative models, the variational autoencoder and denoising diffusion.

Both models learn a probability density p(x) from samples, and both are trained by
maximising a lower bound on log p(x) built from Gaussians whose parameters a network
predicts.

Variational autoencoder (Kingma & Welling 2014).  A latent z ~ N(0, I) of dimension Z is
decoded into the Bernoulli probabilities sigmoid(logits) of D binary pixels (or spins).
An encoder proposes q(z | x) = N(mu(x), diag exp(log_var(x))), and for every q

    log p(x) >= ELBO = E_q[log p(x | z)] - KL(q(z | x) || N(0, I)),

with equality when q is the true posterior p(z | x).  You write the reparameterization
trick that makes the expectation differentiable in (mu, log_var), the KL divergence in
closed form, a numerically stable Bernoulli log-likelihood, and the ELBO of a batch.

Denoising diffusion (Ho, Jain & Abbeel 2020, "DDPM").  The forward process adds Gaussian
noise in T small steps, x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) noise, so that
x_{T-1} is almost pure noise; a network learns to undo one step at a time.  You write the
noise schedule beta_t, the cumulative signal fractions alpha_bar_t, the closed-form marginal
q(x_t | x_0) used to make training pairs, and the Gaussian posterior q(x_{t-1} | x_t, x_0)
used to sample.

Conventions used throughout:

- Batches come first: data x and decoder logits are (B, D), encoder outputs mu and log_var
  are (B, Z).  Sums over a sample's components run over the last axis.
- Diffusion steps are indexed t = 0, 1, ..., T-1, and index t means "after step t":
  alpha_bar[0] = 1 - beta[0], alpha_bar[t] = alpha_bar[t-1] (1 - beta[t]), and x_t has
  been noised t + 1 times.  A step t is a Python integer, or an integer array of shape (B,)
  holding one step per sample of a batch x0 of shape (B, ...).
- Use jax.numpy throughout, so that `jax.grad` and `jax.jit` work through your code (the
  notebook trains networks with them).  Check shapes only, never array values, so that
  the functions can be traced.
- Bad arguments (mismatched shapes, a schedule of fewer than two steps, betas outside
  (0, 1)) raise `ValueError` with a message that says what is wrong.
"""

import jax
import jax.numpy as jnp


def _as_float_arrays(*arrays):
    """Given: the arguments as float JAX arrays."""
    return [jnp.asarray(a, dtype=float) for a in arrays]


def reparameterize(mu, log_var, eps):
    """A sample of N(mu, diag exp(log_var)) written as a differentiable function of (mu, log_var).

        z = mu + sigma * eps,    sigma = exp(log_var / 2),    eps ~ N(0, I).

    All the randomness is in eps, which the caller draws, so that z depends smoothly on mu
    and log_var and `jax.grad` of an average over samples reaches the encoder.

    Args:
        mu: the mean, any shape, e.g. (B, Z).
        log_var: the log of the variance sigma^2, same shape as mu.
        eps: standard normal noise, same shape as mu.

    Returns:
        z, an array of the shape of mu.

    Raises:
        ValueError: if mu, log_var and eps do not all have the same shape.
    """
    ### BEGIN SOLUTION
    mu, log_var, eps = _as_float_arrays(mu, log_var, eps)
    if not mu.shape == log_var.shape == eps.shape:
        raise ValueError("mu, log_var and eps must have the same shape, got "
                         f"{mu.shape}, {log_var.shape} and {eps.shape}")
    return mu + jnp.exp(0.5 * log_var) * eps
    ### END SOLUTION


def gaussian_kl(mu, log_var):
    """KL(N(mu, diag sigma^2) || N(0, I)) in closed form, summed over the last axis.

    For one component, KL = (sigma^2 + mu^2 - 1 - log sigma^2) / 2 with sigma^2 = exp(log_var);
    the components are independent, so their KLs add.  The KL is >= 0 and vanishes only at
    mu = 0, log_var = 0.

    Args:
        mu: means, shape (..., Z), e.g. (B, Z); at least one axis.
        log_var: log-variances, same shape as mu.

    Returns:
        The KL divergence of each distribution, shape (...) (e.g. (B,); a scalar for (Z,)).

    Raises:
        ValueError: if mu and log_var have different shapes, or are scalars (0-d).
    """
    ### BEGIN SOLUTION
    mu, log_var = _as_float_arrays(mu, log_var)
    if mu.shape != log_var.shape or mu.ndim == 0:
        raise ValueError("mu and log_var must have the same shape (..., Z), got "
                         f"{mu.shape} and {log_var.shape}")
    return 0.5 * jnp.sum(jnp.exp(log_var) + mu**2 - 1.0 - log_var, axis=-1)
    ### END SOLUTION


def bernoulli_log_likelihood(x, logits):
    """log p(x | logits) of independent Bernoulli variables, summed over the last axis.

    Component d is 1 with probability p_d = sigmoid(logits_d) = 1 / (1 + exp(-logits_d)):

        log p(x) = sum_d [x_d log p_d + (1 - x_d) log(1 - p_d)]
                 = sum_d [x_d logits_d - log(1 + exp(logits_d))].

    Written naively this overflows or takes log(0) once |logits| exceeds a few tens; yours
    must return finite, accurate values, and finite gradients with respect to the logits,
    for |logits| up to 1e3 (a decoder early in training easily gets there).  The log-sum
    log(1 + exp(a)) is `jnp.logaddexp(0, a)` (or `jax.nn.softplus`).

    Args:
        x: binary data, 0 or 1 (any numeric dtype), shape (..., D), e.g. (B, D).
        logits: the log-odds of x = 1, same shape as x.

    Returns:
        The log-likelihood of each sample, shape (...) (e.g. (B,)).

    Raises:
        ValueError: if x and logits have different shapes, or are scalars (0-d).
    """
    ### BEGIN SOLUTION
    x, logits = _as_float_arrays(x, logits)
    if x.shape != logits.shape or x.ndim == 0:
        raise ValueError(f"x and logits must have the same shape (..., D), got {x.shape} and {logits.shape}")
    return jnp.sum(x * logits - jnp.logaddexp(0.0, logits), axis=-1)
    ### END SOLUTION


def elbo(x, logits, mu, log_var):
    """The evidence lower bound of a batch, averaged over the batch.

        ELBO = (1/B) sum_b [log p(x_b | z_b) - KL(q(z | x_b) || N(0, I))],

    where logits_b is the decoder's output for one latent sample z_b drawn from
    q(z | x_b) = N(mu_b, diag exp(log_var_b)) (by `reparameterize`), so that the first
    term is a one-sample estimate of E_q[log p(x_b | z)].  Use `bernoulli_log_likelihood`
    and `gaussian_kl`.  Training maximises it (minimises -ELBO).

    Args:
        x: binary data, shape (B, D).
        logits: decoder logits, shape (B, D).
        mu: encoder means, shape (B, Z).
        log_var: encoder log-variances, shape (B, Z).

    Returns:
        The ELBO, a scalar.

    Raises:
        ValueError: if x or mu is not 2-D, logits does not have the shape of x, log_var
            does not have the shape of mu, or x and mu hold different numbers of samples.
    """
    ### BEGIN SOLUTION
    x, logits, mu, log_var = _as_float_arrays(x, logits, mu, log_var)
    if x.ndim != 2 or mu.ndim != 2 or x.shape != logits.shape or mu.shape != log_var.shape:
        raise ValueError("x and logits must both be (B, D) and mu and log_var both (B, Z), got "
                         f"{x.shape}, {logits.shape}, {mu.shape} and {log_var.shape}")
    if x.shape[0] != mu.shape[0]:
        raise ValueError(f"x holds {x.shape[0]} samples but mu holds {mu.shape[0]}")
    return jnp.mean(bernoulli_log_likelihood(x, logits) - gaussian_kl(mu, log_var))
    ### END SOLUTION


def linear_beta_schedule(n_steps, beta_start=1e-4, beta_end=0.02):
    """The DDPM noise schedule: n_steps variances evenly spaced from beta_start to beta_end.

    betas[0] = beta_start and betas[n_steps - 1] = beta_end exactly, with a constant
    difference between neighbours (Ho et al. 2020 use T = 1000, 1e-4 to 0.02).

    Args:
        n_steps: the number of diffusion steps T, an integer >= 2.
        beta_start: the first variance, strictly between 0 and 1.
        beta_end: the last variance, strictly between 0 and 1.

    Returns:
        betas, shape (n_steps,).

    Raises:
        ValueError: if n_steps < 2, or beta_start or beta_end is not strictly inside (0, 1).
    """
    ### BEGIN SOLUTION
    if n_steps < 2:
        raise ValueError(f"a schedule needs n_steps >= 2, got {n_steps}")
    if not (0 < beta_start < 1 and 0 < beta_end < 1):
        raise ValueError(f"betas must lie strictly inside (0, 1), got beta_start = {beta_start}, "
                         f"beta_end = {beta_end}")
    return jnp.linspace(beta_start, beta_end, n_steps)
    ### END SOLUTION


def alpha_bar(betas):
    """The fraction of the signal's variance left after each step: cumulative products of 1 - beta.

        alpha_bar[t] = prod_{s=0}^{t} (1 - betas[s]),

    so alpha_bar[0] = 1 - betas[0] (index t is after step t) and the sequence decreases
    from just below 1 towards 0.

    Args:
        betas: the schedule, shape (T,), each in (0, 1).

    Returns:
        alpha_bar, shape (T,).

    Raises:
        ValueError: if betas is not a non-empty 1-D array.
    """
    ### BEGIN SOLUTION
    betas = jnp.asarray(betas, dtype=float)
    if betas.ndim != 1 or betas.shape[0] == 0:
        raise ValueError(f"betas must be a non-empty 1-D array, got shape {betas.shape}")
    return jnp.cumprod(1.0 - betas)
    ### END SOLUTION


def _schedule_at(values, t, x):
    """A helper for `q_sample` and `q_posterior` (not graded; you may write it inline instead).

    values[t] shaped to broadcast against x: a scalar for an integer t, and (B, 1, ..., 1)
    for t of shape (B,) with x of shape (B, ...), so that sample b gets values[t[b]].

    Raises:
        ValueError: if t is an array that is not of shape (B,) with B = x.shape[0].
    """
    ### BEGIN SOLUTION
    t = jnp.asarray(t)
    if t.ndim == 0:
        return values[t]
    if t.ndim != 1 or x.ndim == 0 or t.shape[0] != x.shape[0]:
        raise ValueError(f"t must be an integer or an array (B,) for x of shape (B, ...), got t of "
                         f"shape {t.shape} for x of shape {x.shape}")
    return values[t].reshape(t.shape + (1,) * (x.ndim - 1))
    ### END SOLUTION


def q_sample(x0, t, eps, betas):
    """A sample of the forward process q(x_t | x_0) in one go, without simulating the steps.

    The composition of t + 1 Gaussian steps is Gaussian:

        x_t = sqrt(alpha_bar[t]) x0 + sqrt(1 - alpha_bar[t]) eps,    eps ~ N(0, I),

    so its mean is sqrt(alpha_bar[t]) x0 and its variance 1 - alpha_bar[t].  Use `alpha_bar`.

    Args:
        x0: clean data, any shape; a batch (B, ...) when t is an array.
        t: the step, 0 <= t < T: an integer (the same step for all of x0) or an integer
            array of shape (B,), one step per sample.
        eps: standard normal noise, the shape of x0.
        betas: the schedule, shape (T,).

    Returns:
        x_t, the shape of x0.

    Raises:
        ValueError: if eps does not have the shape of x0, or t is an array that is not of
            shape (B,) with B = x0.shape[0].
    """
    ### BEGIN SOLUTION
    x0, eps = _as_float_arrays(x0, eps)
    if eps.shape != x0.shape:
        raise ValueError(f"eps must have the shape of x0, got {eps.shape} and {x0.shape}")
    signal = _schedule_at(alpha_bar(betas), t, x0)
    return jnp.sqrt(signal) * x0 + jnp.sqrt(1.0 - signal) * eps
    ### END SOLUTION


def q_posterior(x0, xt, t, betas):
    """Mean and variance of q(x_{t-1} | x_t, x_0), the Gaussian that one reverse step aims at.

    With alpha_t = 1 - betas[t] and abar = `alpha_bar(betas)`, for 1 <= t < T:

        mean     = sqrt(abar[t-1]) betas[t] / (1 - abar[t]) x0
                   + sqrt(alpha_t) (1 - abar[t-1]) / (1 - abar[t]) xt,
        variance = betas[t] (1 - abar[t-1]) / (1 - abar[t]).

    It follows from Bayes' rule, q(x_{t-1} | x_t, x0) ~ q(x_t | x_{t-1}) q(x_{t-1} | x0),
    the product of two Gaussians in x_{t-1} (Bishop, PRML, eq. 2.116).

    Args:
        x0: clean data, any shape; a batch (B, ...) when t is an array.
        xt: the noisy data at step t, the shape of x0.
        t: the step, 1 <= t < T: an integer or an integer array of shape (B,).
        betas: the schedule, shape (T,).

    Returns:
        A tuple (mean, variance): mean has the shape of x0; variance broadcasts against
        the mean: a scalar, one value per sample ((B,) or (B, 1, ..., 1)), or the mean's
        full shape are all fine.

    Raises:
        ValueError: if xt does not have the shape of x0, or t is an array that is not of
            shape (B,) with B = x0.shape[0].
    """
    ### BEGIN SOLUTION
    x0, xt = _as_float_arrays(x0, xt)
    if xt.shape != x0.shape:
        raise ValueError(f"xt must have the shape of x0, got {xt.shape} and {x0.shape}")
    betas = jnp.asarray(betas, dtype=float)
    abar = alpha_bar(betas)
    abar_t = _schedule_at(abar, t, x0)
    abar_prev = _schedule_at(abar, jnp.asarray(t) - 1, x0)
    beta_t = _schedule_at(betas, t, x0)
    mean = (jnp.sqrt(abar_prev) * beta_t * x0 + jnp.sqrt(1.0 - beta_t) * (1.0 - abar_prev) * xt) / (1.0 - abar_t)
    variance = beta_t * (1.0 - abar_prev) / (1.0 - abar_t)
    return mean, variance
    ### END SOLUTION
