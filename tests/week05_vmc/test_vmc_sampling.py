"""Week 5, task metropolis_sample: Metropolis random walkers that sample |psi|^2.

No test compares sample values (a correct sampler may split its keys in any way): they
check shapes, the free random walk of a constant psi, the bookkeeping of rejected moves
and of the acceptance rate, and <x^2> = 1/(4 alpha) of the oscillator within 5 standard
errors estimated from independent walkers.  Each test uses one fixed shape and at most a
few runs, so that a jax.lax.scan (one compilation per call) and a Python loop are both fast.
"""

import jax
import numpy as np
import pytest

from _vmc_oracles import flat_log_psi, oscillator_log_psi
from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

vmc = submission_module("week05_vmc", "vmc.py")

W = 256  # walkers in every run: independent chains, so their means give honest error bars


def start_positions(d, seed=0):
    """W walkers spread around the origin, (W, d)."""
    return np.random.default_rng(seed).normal(scale=0.5, size=(W, d))


def run(log_psi, params, x0, n_steps, step_size, seed):
    """samples (n_steps, W, d) as numpy, and the acceptance rate as a float, shapes checked."""
    samples, rate = vmc.metropolis_sample(log_psi, params, x0, n_steps, step_size, jax.random.key(seed))
    samples = assert_shape(samples, (n_steps, *x0.shape), f"samples of {n_steps} steps of walkers {x0.shape}")
    rate = assert_shape(rate, (), "the acceptance rate (a single number)")
    return samples, float(rate)


def moved(x0, samples):
    """(n_steps, W) booleans: did walker w change position at step k (samples[k] vs the one before)?"""
    path = np.concatenate([x0[None], samples])
    return np.any(path[1:] != path[:-1], axis=-1)


@pytest.mark.task("metropolis_sample")
def test_metropolis_rejects_bad_arguments():
    """Walkers that are not a (W, d) array, n_steps < 1 and step_size <= 0 raise ValueError.

    Hint: check the arguments before sampling; re-read "Raises" in the docstring of metropolis_sample.
    """
    x0, key = np.zeros((4, 2)), jax.random.key(0)
    for what, args in [("step_size = 0", (x0, 5, 0.0)), ("step_size = -0.5", (x0, 5, -0.5)),
                       ("n_steps = 0", (x0, 0, 0.5)), ("n_steps = -3", (x0, -3, 0.5)),
                       ("walkers x0 of shape (4,) (one walker per row is needed: (W, d))", (np.zeros(4), 5, 0.5)),
                       ("walkers x0 of shape (2, 4, 2)", (np.zeros((2, 4, 2)), 5, 0.5))]:
        assert_raises_value_error(vmc.metropolis_sample, flat_log_psi, 0.0, *args, key, what=what)


@pytest.mark.task("metropolis_sample")
def test_metropolis_constant_psi_is_a_free_gaussian_random_walk():
    """With a constant psi every move is accepted: the walkers do a Gaussian random walk.

    256 walkers in d = 3, 20 steps of size 0.5: the acceptance rate is 1, samples[0] is already
    after the first move (not x0), and the displacements of all steps, walkers and coordinates
    have mean 0, standard deviation 0.5 and no correlation between coordinates (5 sigma).

    Hint: samples[k] holds the positions after step k + 1; the proposal adds step_size times
    an independent standard normal to every coordinate; acceptance_rate is the fraction of
    accepted moves over all steps and all walkers.
    """
    x0 = start_positions(3)
    samples, rate = run(flat_log_psi, 0.0, x0, 20, 0.5, seed=1)
    assert_close(rate, 1.0, "acceptance rate when |psi'|^2 / |psi|^2 = 1 for every move")
    first_moved = moved(x0, samples)[0].mean()
    assert first_moved == 1.0, (
        f"samples[0] equals x0 for {1 - first_moved:.0%} of the walkers, although every move is "
        "accepted: samples[0] must be the positions after the first step")
    steps = np.diff(np.concatenate([x0[None], samples]), axis=0).reshape(-1, 3)
    m = steps.size
    assert abs(steps.mean()) < 5 * 0.5 / np.sqrt(m), (
        f"the mean displacement per coordinate is {steps.mean():.4g}, not 0 (5 sigma = {5 * 0.5 / np.sqrt(m):.2g})")
    ratio = steps.var() / 0.25
    assert abs(ratio - 1) < 5 * np.sqrt(2 / m), (
        f"the variance of the displacements is {ratio:.4f} step_size^2, not step_size^2 "
        f"(5 sigma = {5 * np.sqrt(2 / m):.3f}): the proposal is x + step_size * N(0, 1)")
    correlation = np.corrcoef(steps.T)[np.triu_indices(3, 1)]
    assert np.max(np.abs(correlation)) < 5 * np.sqrt(3 / m), (
        f"the displacements of different coordinates are correlated ({correlation}): draw an "
        "independent normal number for every coordinate of every walker")


@pytest.mark.task("metropolis_sample")
def test_metropolis_oscillator_samples_psi_squared():
    """The walkers sample |psi|^2: <x^2> = 1/(4 alpha) for the oscillator psi = exp(-alpha x^2).

    alpha = 0.8, 256 walkers, 400 steps of size 1 from positions near 0; the first 100 steps
    are discarded (burn-in).  The error bar is the spread of the 256 per-walker averages of
    x^2 over sqrt(256) (independent walkers); the estimate must lie within 5 of them of
    1/(4 alpha) = 0.3125.  Sampling |psi| instead of |psi|^2 gives 1/(2 alpha) = 0.625.

    Hint: accept with probability min(1, |psi(x')|^2 / |psi(x)|^2) = min(1,
    exp(2 (log psi(x') - log psi(x)))): the factor 2 squares psi; a rejected walker stays put.
    """
    alpha = 0.8
    samples, _ = run(oscillator_log_psi, alpha, start_positions(1), 400, 1.0, seed=2)
    walker_means = np.mean(samples[100:, :, 0] ** 2, axis=0)
    estimate, error = walker_means.mean(), walker_means.std(ddof=1) / np.sqrt(W)
    expected = 1 / (4 * alpha)
    assert abs(estimate - expected) < 5 * error, (
        f"<x^2> over the samples is {estimate:.5f} +- {error:.5f}, expected 1/(4 alpha) = {expected:.5f} "
        f"(|psi|^2 is a Gaussian of variance 1/(4 alpha)); 1/(2 alpha) = {2 * expected:.4f} would mean "
        "the walkers sample |psi|, not |psi|^2")


@pytest.mark.task("metropolis_sample")
def test_metropolis_rejected_walkers_stay_and_acceptance_falls_with_step_size():
    """A rejected walker repeats its position; larger proposals are accepted less often.

    Oscillator alpha = 1, 256 walkers, 100 steps of sizes 0.3, 2 and 20: the acceptance rate
    lies in (0, 1) and decreases with the step size; in every run it equals the fraction of
    (step, walker) pairs where the walker moved (a Gaussian proposal is never exactly the old
    position); with steps of 20 almost every move is rejected, so most samples repeat the
    previous position exactly.

    Hint: a rejected walker keeps its old position, and that position is recorded again as the
    next sample (not the proposal); acceptance_rate = accepted moves / (n_steps * W).
    """
    x0 = start_positions(1)
    rates = []
    for seed, step_size in enumerate((0.3, 2.0, 20.0)):
        samples, rate = run(oscillator_log_psi, 1.0, x0, 100, step_size, seed=seed)
        changed = moved(x0, samples)
        assert_close(rate, changed.mean(),
                     f"acceptance rate vs the fraction of steps where a walker moved, step_size = {step_size}",
                     atol=1e-6)  # float32 counts are fine; one move in 25600 is 4e-5
        assert 0 < rate < 1, f"the acceptance rate is {rate} with step_size = {step_size}: it must lie in (0, 1)"
        rates.append(rate)
    assert rates[0] > rates[1] > rates[2], (
        f"acceptance rates {rates} for step sizes 0.3, 2, 20: larger proposals must be accepted less often")
    assert 1 - changed.mean() > 0.8, (
        f"with step_size = 20 only {1 - changed.mean():.0%} of the samples repeat the previous position: "
        "a rejected walker must stay where it is")
