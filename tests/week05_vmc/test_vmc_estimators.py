"""Week 5, tasks vmc_estimate and energy_gradient: the energy, its error bar, and its gradient.

Inputs are built in the tests with numpy: hand-made arrays, autocorrelated Markov chains
(AR(1)), and exact samples of the oscillator's |psi|^2 (a Gaussian of variance 1/(4 alpha))
with the closed-form E_L, so these tasks do not depend on local_energy or metropolis_sample.
"""

import numpy as np
import pytest
from _vmc_oracles import (gradient_oracle, number_pair, oscillator_energy, oscillator_energy_derivative,
                          oscillator_local_energy, oscillator_samples, seeds, walker_mean_oracle)
from hypothesis import example, given

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

vmc = submission_module("week05_vmc", "vmc.py")

# Two tests of each task share a shape: a jax.numpy submission compiles its operations once for both.
CHAIN_SHAPE = (200, 100)  # (n_steps, W) of the long e_loc arrays of vmc_estimate
N_SAMPLES = 4000  # exact samples of the oscillator given to energy_gradient


def estimate(e_loc):
    """The submitted (mean, stderr) as two floats."""
    return number_pair(vmc.vmc_estimate(e_loc), "vmc_estimate", ("mean", "stderr"))


# ----------------------------------------------------------------------------- vmc_estimate

@pytest.mark.task("vmc_estimate")
def test_vmc_estimate_worked_examples():
    """Error bars worked out by hand from the per-walker means.

    e_loc = [[1, 2], [3, 6]] (2 steps, 2 walkers): walker means 2 and 4, mean 3, std (ddof = 1)
    of the walker means sqrt(2), stderr sqrt(2)/sqrt(2) = 1.
    e_loc = [[0, 1, 5], [2, 3, 7]] (2 steps, 3 walkers): walker means 1, 2, 6, mean 3,
    variance (ddof = 1) (4 + 1 + 9)/2 = 7, stderr sqrt(7/3).

    Hint: average each walker (column) over its steps, then stderr = std(walker means, ddof=1)
    / sqrt(W); re-read the docstring of vmc_estimate.
    """
    for e_loc, expected in [([[1.0, 2.0], [3.0, 6.0]], (3.0, 1.0)),
                            ([[0.0, 1.0, 5.0], [2.0, 3.0, 7.0]], (3.0, np.sqrt(7 / 3)))]:
        assert_close(estimate(np.array(e_loc)), np.array(expected), f"(mean, stderr) of e_loc = {e_loc}")


@pytest.mark.task("vmc_estimate")
def test_vmc_estimate_rejects_bad_shapes():
    """An e_loc that is not (n_steps, W) with W >= 2 walkers raises ValueError.

    Hint: e_loc must be 2-D (n_steps, W), and one walker gives no spread to estimate an error
    from; re-read "Raises" in the docstring of vmc_estimate.
    """
    assert_raises_value_error(vmc.vmc_estimate, np.ones((5, 1)), what="e_loc of shape (5, 1) (a single walker)")
    assert_raises_value_error(vmc.vmc_estimate, np.ones(6), what="e_loc of shape (6,) (not (n_steps, W))")
    assert_raises_value_error(vmc.vmc_estimate, np.ones((4, 3, 2)), what="e_loc of shape (4, 3, 2) (not (n_steps, W))")


@pytest.mark.task("vmc_estimate")
@given(seed=seeds)
@example(seed=0)
def test_vmc_estimate_matches_walker_means(seed):
    """The estimate is the grand mean and the spread of the walker means over sqrt(W).

    Random e_loc of 6 steps and 5 walkers, with walkers of different offsets.

    Hint: the worked examples (2 steps) pass but 6 steps x 5 walkers do not: average each
    walker (column) over all its n_steps entries, and divide the spread of those W averages
    by sqrt(W), the number of columns.
    """
    rng = np.random.default_rng(seed)
    e_loc = rng.normal(size=(6, 5)) + rng.normal(size=5)
    assert_close(estimate(e_loc), np.array(walker_mean_oracle(e_loc)), "(mean, stderr) of a random 6 x 5 e_loc",
                 rtol=1e-9, atol=1e-12)


@pytest.mark.task("vmc_estimate")
def test_vmc_estimate_error_bar_is_honest_for_correlated_chains():
    """The error bar accounts for autocorrelation: it matches the true spread of the estimate.

    100 walkers run 200 steps of an AR(1) chain e_{k+1} = rho e_k + sqrt(1 - rho^2) N(0, 1)
    with rho = 0.9 (unit variance, correlation time ~ 19 steps), as Metropolis samples are.
    The true standard deviation of the mean of all 20000 values is known in closed form; the
    stderr must agree with it within 40% (the stderr of 100 walkers is itself uncertain by
    ~7%).  Treating the 20000 values as independent underestimates it by a factor ~4.4.

    Hint: successive samples of a walker are correlated, so do not divide the std of all
    samples by sqrt(n_steps * W); use the spread of the per-walker means.
    """
    rho, (n_steps, walkers) = 0.9, CHAIN_SHAPE
    rng = np.random.default_rng(5)
    chain = np.empty((n_steps, walkers))
    chain[0] = rng.normal(size=walkers)
    for k in range(1, n_steps):
        chain[k] = rho * chain[k - 1] + np.sqrt(1 - rho**2) * rng.normal(size=walkers)
    lags = np.arange(1, n_steps)
    walker_mean_variance = (1 + 2 * np.sum((1 - lags / n_steps) * rho**lags)) / n_steps
    true_error = np.sqrt(walker_mean_variance / walkers)
    _, stderr = estimate(chain)
    assert 0.6 < stderr / true_error < 1.4, (
        f"the stderr is {stderr:.4g} but the true standard deviation of the estimate is {true_error:.4g} "
        f"(ratio {stderr / true_error:.2f}); the std of all samples over sqrt(N) would give "
        f"{chain.std(ddof=1) / np.sqrt(chain.size):.4g}")


@pytest.mark.task("vmc_estimate")
def test_vmc_estimate_of_the_oscillator_energy():
    """On exact samples of |psi|^2 the estimate agrees with E(alpha) = alpha/2 + 1/(8 alpha).

    alpha = 0.8: 200 steps x 100 walkers of independent Gaussian positions (variance
    1/(4 alpha)), E_L = alpha + (1/2 - 2 alpha^2) x^2 in closed form.  The mean must lie within
    5 stderr of E(0.8) = 0.55625, and the stderr must match the spread of the independent
    samples, std(E_L)/sqrt(N), within 30%.

    Hint: mean of all entries; stderr = std(walker means, ddof=1) / sqrt(W).
    """
    alpha = 0.8
    e_loc = oscillator_local_energy(alpha, oscillator_samples(alpha, CHAIN_SHAPE, seed=8))
    mean, stderr = estimate(e_loc)
    plain_error = e_loc.std(ddof=1) / np.sqrt(e_loc.size)
    assert 0.7 < stderr / plain_error < 1.3, (
        f"stderr {stderr:.4g} for independent samples whose std(E_L)/sqrt(N) is {plain_error:.4g}")
    assert abs(mean - oscillator_energy(alpha)) < 5 * stderr, (
        f"the VMC energy {mean:.6g} +- {stderr:.2g} is not within 5 stderr of E(0.8) = {oscillator_energy(alpha)}")


# --------------------------------------------------------------------------- energy_gradient

@pytest.mark.task("energy_gradient")
def test_energy_gradient_worked_example():
    """A gradient worked out by hand: 2 mean[(E_L - mean E_L) O] for 4 samples and 2 parameters.

    e_loc = (1, 2, 3, 6), mean 3, centred (-2, -1, 0, 3); O = [[1, 0], [0, 1], [2, 2], [1, -1]]:
    sums of centred * O are (-2 + 3, -1 - 3) = (1, -4), means (0.25, -1), gradient (0.5, -2).
    Without centring it would be (6.5, 1).

    Hint: subtract the mean of e_loc, multiply by each column of grad_log_psi, average over
    the N samples (axis 0) and multiply by 2; re-read the docstring of energy_gradient.
    """
    e_loc = np.array([1.0, 2.0, 3.0, 6.0])
    grad_log_psi = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0], [1.0, -1.0]])
    assert_close(vmc.energy_gradient(e_loc, grad_log_psi), np.array([0.5, -2.0]),
                 "energy gradient of the worked example (4 samples, 2 parameters)")


@pytest.mark.task("energy_gradient")
def test_energy_gradient_rejects_bad_shapes():
    """e_loc that is not (N,), grad_log_psi that is not (N, P), or different N raise ValueError.

    Hint: both describe the same N samples: e_loc (N,), grad_log_psi (N, P); re-read "Raises"
    in the docstring of energy_gradient.
    """
    for e_loc_shape, grad_shape, what in [
            ((5,), (4, 2), "e_loc of 5 samples with grad_log_psi of 4 samples"),
            ((4,), (5, 1), "e_loc of 4 samples with grad_log_psi of 5 samples"),
            ((4, 1), (4, 2), "e_loc of shape (4, 1) (not (N,))"),
            ((4,), (4,), "grad_log_psi of shape (4,) (not (N, P))"),
            ((4,), (4, 2, 1), "grad_log_psi of shape (4, 2, 1) (not (N, P))")]:
        assert_raises_value_error(vmc.energy_gradient, np.ones(e_loc_shape), np.ones(grad_shape), what=what)


@pytest.mark.task("energy_gradient")
@given(seed=seeds)
@example(seed=0)
def test_energy_gradient_matches_covariance(seed):
    """The gradient is twice the covariance (ddof = 0) of E_L with each O_k.

    Random E_L of 7 samples with a nonzero mean, O of 3 parameters.

    Hint: 2 mean[(E_L - mean E_L) O_k] for every parameter k: a vector of shape (P,).
    """
    rng = np.random.default_rng(seed)
    e_loc, grad_log_psi = rng.normal(size=7) + 3.0, rng.normal(size=(7, 3))
    assert_close(vmc.energy_gradient(e_loc, grad_log_psi), gradient_oracle(e_loc, grad_log_psi),
                 "energy gradient of random samples (7 samples, 3 parameters)", rtol=1e-9, atol=1e-12)


@pytest.mark.task("energy_gradient")
def test_energy_gradient_vanishes_at_the_eigenstate():
    """At the exact ground state the gradient estimate is exactly zero, whatever the samples.

    Oscillator at alpha = 1/2: E_L = 1/2 for every sample, O = d log psi / d alpha = -x^2.
    The centred estimate is 0 on any 4000 samples; the uncentred 2 mean[E_L O] = -<x^2> is not.

    Hint: subtract mean(e_loc) from e_loc before multiplying by O (the zero-variance principle).
    """
    x = oscillator_samples(0.5, N_SAMPLES, seed=3)
    gradient = vmc.energy_gradient(oscillator_local_energy(0.5, x), -(x**2)[:, None])
    assert_close(gradient, np.zeros(1), "gradient estimate at alpha = 1/2 (E_L constant)", atol=1e-12)


@pytest.mark.task("energy_gradient")
def test_energy_gradient_matches_dE_dalpha():
    """On exact samples the estimate agrees with dE/dalpha = 1/2 - 1/(8 alpha^2) of the oscillator.

    alpha = 0.3, 1 and 2 (E(alpha) = 0.57, 0.63, 1.06, far from zero), 4000 exact samples each,
    O = -x^2; within 5 standard errors of the per-sample terms.  The uncentred estimate
    2 mean[E_L O] is off by 2 E(alpha) <O>, dozens of standard errors.

    Hint: dE/dalpha = 2 <(E_L - <E_L>) O>: the centring comes from the normalisation of |psi|^2.
    """
    for seed, alpha in enumerate((0.3, 1.0, 2.0)):
        x = oscillator_samples(alpha, N_SAMPLES, seed=seed)
        e_loc, o = oscillator_local_energy(alpha, x), -(x**2)
        gradient = assert_shape(vmc.energy_gradient(e_loc, o[:, None]), (1,), "gradient for one parameter")[0]
        terms = 2 * (e_loc - e_loc.mean()) * o
        error = terms.std(ddof=1) / np.sqrt(x.size)
        expected = oscillator_energy_derivative(alpha)
        assert abs(gradient - expected) < 5 * error, (
            f"at alpha = {alpha} the gradient estimate is {gradient:.5g}, expected dE/dalpha = {expected:.5g} "
            f"within 5 x {error:.2g}")
