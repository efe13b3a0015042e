"""Week 5, task metropolis_sample: independent Metropolis random walkers that sample |psi|^2.

No test compares sample values (a correct sampler may split its keys in any way): they
check the bookkeeping (samples[k] after step k + 1, rejected walkers repeat their position,
the acceptance rate), the free Gaussian random walk of a constant psi, that the random
numbers are fresh for every step and every walker, that the walkers are independent (so that
the error bar from the spread of walker means is honest), and the distribution |psi|^2 of the
oscillator, <x> = 0 and <x^2> = 1/(4 alpha), within 5 such error bars.

Two runs serve several tests each (cached): a free random walk (constant psi, 256 walkers in
d = 3, 400 steps) and the oscillator (256 walkers, 400 steps, the first 100 discarded).  With
one more run in the rejection test that makes three calls of metropolis_sample, each in a
different test, so that a jax.lax.scan (one compilation per call) and a Python loop are both
fast.  Every run has 400 steps of 256 walkers, and the rejection run the shape of the
oscillator run (d = 1), so that random numbers drawn up front, of shapes (n_steps, W, d) and
(n_steps, W), compile once for several runs: compiling them is most of these tests' time.
No other graded function takes part: metropolis_sample calls only the tests' log_psi.
"""

import functools

import jax
import numpy as np
import pytest

from _vmc_oracles import flat_log_psi, oscillator_log_psi
from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

vmc = submission_module("week05_vmc", "vmc.py")

W = 256  # walkers in every run: independent chains, so their means give honest error bars
ALPHA, STEPS, BURN_IN = 0.8, 400, 100  # the oscillator run: step size 1, acceptance ~ 0.55
FREE_STEPS, FREE_STEP_SIZE = STEPS, 0.5  # the free random walk: constant psi, d = 3


def start_positions(d, seed=0):
    """W walkers spread around the origin, (W, d)."""
    return np.random.default_rng(seed).normal(scale=0.5, size=(W, d))


def run(log_psi, params, x0, n_steps, step_size, seed, sampler=None):
    """samples (n_steps, W, d) as numpy, and the acceptance rate as a float, shapes checked."""
    sampler = sampler or vmc.metropolis_sample
    samples, rate = sampler(log_psi, params, x0, n_steps, step_size, jax.random.key(seed))
    samples = assert_shape(samples, (n_steps, *x0.shape), f"samples of {n_steps} steps of walkers {x0.shape}")
    rate = assert_shape(rate, (), "the acceptance rate (a single number)")
    return samples, float(rate)


def moved(x0, samples):
    """(n_steps, W) booleans: did walker w change position at step k (samples[k] vs the one before)?

    A Gaussian proposal is never exactly the old position, so this is "the move was accepted"."""
    path = np.concatenate([x0[None], samples])
    return np.any(path[1:] != path[:-1], axis=-1)


# The two shared runs are cached per submitted function (the key), never across submissions:
# an instructor's batch grading runs these tests on many submissions in one process.

@functools.cache
def _free_walk(sampler):
    x0 = start_positions(3)
    return (x0, *run(flat_log_psi, 0.0, x0, FREE_STEPS, FREE_STEP_SIZE, seed=1, sampler=sampler))


def free_walk():
    """(x0, samples, rate) of a constant psi: every move is accepted, a Gaussian random walk."""
    return _free_walk(vmc.metropolis_sample)


def free_displacements():
    """(FREE_STEPS, W, 3) displacements of the free random walk, step by step."""
    x0, samples, _ = free_walk()
    return np.diff(np.concatenate([x0[None], samples]), axis=0)


@functools.cache
def _oscillator_run(sampler):
    x0 = start_positions(1)
    return (x0, *run(oscillator_log_psi, ALPHA, x0, STEPS, 1.0, seed=2, sampler=sampler))


def oscillator_run():
    """(x0, samples, rate) of psi = exp(-ALPHA x^2) (1D), walkers started near 0."""
    return _oscillator_run(vmc.metropolis_sample)


def equilibrium_samples():
    """(STEPS - BURN_IN, W) oscillator positions after the burn-in."""
    return oscillator_run()[1][BURN_IN:, :, 0]


def walker_mean_estimate(values):
    """Mean over (steps, walkers) and its error bar std(walker means, ddof = 1) / sqrt(W)."""
    walker_means = values.mean(axis=0)
    return walker_means.mean(), walker_means.std(ddof=1) / np.sqrt(walker_means.size)


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
def test_metropolis_first_sample_is_after_the_first_step():
    """samples[0] holds the walkers after the first step, not their start positions x0.

    A constant psi accepts every move (256 walkers in d = 3, 400 steps of size 0.5), so every
    walker of samples[0] differs from x0.

    Hint: samples[k] holds the positions after step k + 1: record the walkers after each step,
    and do not count x0 itself as a sample.
    """
    x0, samples, _ = free_walk()
    first_moved = moved(x0, samples)[0].mean()
    assert first_moved == 1.0, (
        f"samples[0] equals x0 for {1 - first_moved:.0%} of the walkers, although every move is "
        "accepted: samples[0] must be the positions after the first step")


@pytest.mark.task("metropolis_sample")
def test_metropolis_random_numbers_are_fresh_for_every_walker_and_step():
    """Free diffusion: the moves of different walkers and of different steps are independent.

    A constant psi accepts every move (256 walkers in d = 3, 400 steps).  Independent walkers
    spread out: at one step, the moves of the 256 walkers vary as much as all moves do (one
    move shared by all walkers would not vary at all).  Independent steps add up like a random
    walk: the variance of the total displacement is 400 times that of one step (the same move
    repeated would give 400^2 times).  Both ratios (found / independent) must lie within
    5 sigma of 1.

    Hint: every walker and every step needs new random numbers: a jax.random key gives the
    same numbers every time it is used, so split it (a sub-key per step, or draw all moves
    of shape (n_steps, W, d) at once).
    """
    steps = free_displacements()  # (steps, W, 3)
    one_move = steps.var()
    across_walkers = np.mean(steps.var(axis=1, ddof=1)) / one_move
    tolerance = 5 * np.sqrt(2 / (FREE_STEPS * 3 * (W - 1)))
    assert abs(across_walkers - 1) < tolerance, (
        f"at one step the moves of the {W} walkers vary {across_walkers:.3g} times as much as all moves "
        f"(5 sigma = {tolerance:.2g}): different walkers share their moves")
    total = steps.sum(axis=0)  # (W, 3): the displacement after all steps
    over_steps = total.var() / (FREE_STEPS * one_move)
    tolerance = 5 * np.sqrt(2 / total.size)
    assert abs(over_steps - 1) < tolerance, (
        f"the variance of the displacement after {FREE_STEPS} steps is {over_steps:.3g} times "
        f"{FREE_STEPS} x (the variance of one step), not 1 (5 sigma = {tolerance:.2f}): the moves of "
        "successive steps are not independent")


@pytest.mark.task("metropolis_sample")
def test_metropolis_constant_psi_proposal_is_gaussian():
    """With a constant psi every move is accepted: the displacements are step_size * N(0, 1).

    256 walkers in d = 3, 400 steps of size 0.5: the displacements of all steps, walkers and
    coordinates have mean 0, standard deviation 0.5 and no correlation between coordinates
    (5 sigma).

    Hint: the proposal adds step_size times a standard normal number to every coordinate
    (jax.random.normal of the walkers' shape (W, d)), each coordinate its own number.
    """
    steps = free_displacements().reshape(-1, 3)
    m = steps.size
    assert abs(steps.mean()) < 5 * FREE_STEP_SIZE / np.sqrt(m), (
        f"the mean displacement per coordinate is {steps.mean():.4g}, not 0 "
        f"(5 sigma = {5 * FREE_STEP_SIZE / np.sqrt(m):.2g})")
    ratio = steps.var() / FREE_STEP_SIZE**2
    assert abs(ratio - 1) < 5 * np.sqrt(2 / m), (
        f"the variance of the displacements is {ratio:.4f} step_size^2, not step_size^2 "
        f"(5 sigma = {5 * np.sqrt(2 / m):.3f}): the proposal is x + step_size * N(0, 1)")
    correlation = np.corrcoef(steps.T)[np.triu_indices(3, 1)]
    assert np.max(np.abs(correlation)) < 5 * np.sqrt(3 / m), (
        f"the displacements of different coordinates are correlated ({correlation}): draw an "
        "independent normal number for every coordinate of every walker")


@pytest.mark.task("metropolis_sample")
def test_metropolis_rejected_walkers_stay_where_they_are():
    """A rejected walker repeats its position, and the acceptance rate counts the accepted moves.

    Constant psi: every move is accepted, the acceptance rate is 1.  Oscillator alpha = 0.8,
    256 walkers, 400 steps of size 20: almost every move is rejected, so most samples repeat
    the previous position exactly; the acceptance rate lies in (0, 1) and equals the fraction
    of (step, walker) pairs where the walker moved (a Gaussian proposal is never exactly the
    old position).

    Hint: a rejected walker keeps its old position, and that position is recorded again as the
    next sample (not the proposal); acceptance_rate = accepted moves / (n_steps * W).
    """
    assert_close(free_walk()[2], 1.0, "acceptance rate when |psi'|^2 / |psi|^2 = 1 for every move")
    x0 = start_positions(1)
    samples, rate = run(oscillator_log_psi, ALPHA, x0, STEPS, 20.0, seed=3)
    changed = moved(x0, samples)
    assert 1 - changed.mean() > 0.8, (
        f"with step_size = 20 only {1 - changed.mean():.0%} of the samples repeat the previous position: "
        "a rejected walker must stay where it is")
    assert_close(rate, changed.mean(), "acceptance rate vs the fraction of steps where a walker moved, "
                 "step_size = 20", atol=1e-6)  # float32 counts are fine; one move in 102400 is 1e-5
    assert 0 < rate < 1, f"the acceptance rate is {rate} with step_size = 20: it must lie in (0, 1)"


@pytest.mark.task("metropolis_sample")
def test_metropolis_walkers_accept_independently():
    """Independent walkers: the number of accepted moves per step scatters like a binomial count.

    Oscillator alpha = 0.8, 256 walkers, 400 steps of size 1 from positions near 0, the first
    100 discarded (burn-in).  If each walker accepts with probability p on its own, the number
    of walkers that move at one step has the binomial variance 256 p (1 - p).  Its variance
    over the 300 steps, divided by 256 p (1 - p) with p the acceptance rate found, must be
    below 1.5 (a correct sampler: 1.00 +- 0.08; one uniform number shared by all walkers at a
    step: about 25).

    Hint: the walkers accept or reject together: each walker needs its own uniform number at
    every step (shape (W,) per step, or (n_steps, W) drawn at once), not one shared by all walkers.
    """
    x0, samples, _ = oscillator_run()
    accepted = moved(x0, samples)[BURN_IN:]  # (steps, W)
    p = accepted.mean()
    dispersion = accepted.sum(axis=1).var(ddof=1) / (W * p * (1 - p))
    assert dispersion < 1.5, (
        f"the number of walkers that accept at one step varies {dispersion:.3g} times as much as for "
        f"{W} independent walkers (acceptance rate {p:.3f}): the walkers are not independent")


@pytest.mark.task("metropolis_sample")
def test_metropolis_error_bar_from_walker_means_is_honest():
    """Independent walkers make the error bar of vmc_estimate honest: no common fluctuation.

    The oscillator run of the previous test, after burn-in.  The average of x^2 over the 256
    walkers at one step fluctuates from step to step with variance var(x^2) / 256 if the
    walkers are independent, which the error bar std(walker means) / sqrt(W) assumes.  The
    variance found over the 300 steps, divided by (the variance of x^2 over the walkers at
    one step) / 256, must be below 2 (a correct sampler: 1.0 +- 0.1; walkers that fluctuate
    together give far more, and an error bar several times too small).

    Hint: the walkers move together: no random number (move or acceptance uniform) may be
    shared between walkers; each walker is its own Markov chain with its own random numbers.
    """
    x_squared = equilibrium_samples() ** 2  # (steps, W)
    independent = np.mean(x_squared.var(axis=1, ddof=1)) / W
    ratio = x_squared.mean(axis=1).var(ddof=1) / independent
    assert ratio < 2.0, (
        f"the walker average of x^2 at one step varies {ratio:.3g} times as much as for {W} independent "
        f"walkers: the error bar from the spread of walker means would be {np.sqrt(ratio):.2g} times too small")


@pytest.mark.task("metropolis_sample")
def test_metropolis_oscillator_samples_are_symmetric():
    """|psi|^2 of the oscillator is even in x: the walkers do not drift, <x> = 0.

    The oscillator run (alpha = 0.8, 256 walkers, 300 steps after burn-in): <x> must lie within
    5 error bars (the spread of the 256 walker means over sqrt(256)) of 0.

    Hint: the walkers drift to one side although the proposal is symmetric: the acceptance
    decision prefers one direction of the move.  The uniform number of the acceptance test
    must be independent of the move (a key used for both gives related numbers: split it).
    """
    estimate, error = walker_mean_estimate(equilibrium_samples())
    assert abs(estimate) < 5 * error, (
        f"<x> over the samples is {estimate:.5f} +- {error:.5f}, not 0: the walkers drift to "
        f"{'negative' if estimate < 0 else 'positive'} x although |psi|^2 is symmetric")


@pytest.mark.task("metropolis_sample")
def test_metropolis_oscillator_samples_psi_squared():
    """The walkers sample |psi|^2: <x^2> = 1/(4 alpha) for the oscillator psi = exp(-alpha x^2).

    The oscillator run (alpha = 0.8, 256 walkers, 400 steps of size 1 from positions near 0,
    the first 100 discarded).  The error bar is the spread of the 256 per-walker averages of
    x^2 over sqrt(256) (independent walkers); the estimate must lie within 5 of them of
    1/(4 alpha) = 0.3125.

    Hint: the moves pass the earlier tests, but the walkers do not settle in |psi|^2: re-read
    the acceptance rule.  Accept with probability min(1, |psi(x')|^2 / |psi(x)|^2) = min(1,
    exp(2 (log psi(x') - log psi(x)))), with log psi of the walker's current position x.
    """
    estimate, error = walker_mean_estimate(equilibrium_samples() ** 2)
    expected = 1 / (4 * ALPHA)
    message = (f"<x^2> over the samples is {estimate:.5f} +- {error:.5f}, expected 1/(4 alpha) = {expected:.5f} "
               "(|psi|^2 is a Gaussian of variance 1/(4 alpha))")
    if abs(estimate - 2 * expected) < 5 * error:
        message += f"; 1/(2 alpha) = {2 * expected:.4f} is what sampling |psi| instead of |psi|^2 gives"
    assert abs(estimate - expected) < 5 * error, message
