"""Week 13, generative.py, tasks linear_beta_schedule and alpha_bar: the diffusion noise schedule.

linear_beta_schedule: a schedule by hand, the DDPM defaults, agreement with numpy.linspace
(increasing and decreasing schedules), the ValueErrors.
alpha_bar: products by hand, agreement with a Python loop, the recursion and its index
convention (index t is after step t), the DDPM value alpha_bar[999] ~ 4e-5, the ValueErrors.
"""

import numpy as np
import pytest
from _generative_oracles import N_STEPS, alpha_bar_loop, seeds
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

generative = submission_module("week13_generative", "generative.py")

betas_in_range = st.floats(1e-5, 0.999)


def _schedule(n_steps, *args, **kwargs):
    return assert_shape(generative.linear_beta_schedule(n_steps, *args, **kwargs), (n_steps,),
                        f"the schedule of {n_steps} steps")


def _alpha_bar(betas):
    return assert_shape(generative.alpha_bar(betas), np.shape(betas), f"alpha_bar of {len(betas)} betas")


# ----------------------------------------------------------------------------- linear_beta_schedule


@pytest.mark.task("linear_beta_schedule")
def test_linear_schedule_worked_example():
    """Five steps from 0.1 to 0.5 are 0.1, 0.2, 0.3, 0.4, 0.5: both ends included.

    Hint: n_steps values with a constant spacing (beta_end - beta_start) / (n_steps - 1), like
    jnp.linspace(beta_start, beta_end, n_steps).
    """
    assert_close(_schedule(5, 0.1, 0.5), [0.1, 0.2, 0.3, 0.4, 0.5], "linear_beta_schedule(5, 0.1, 0.5)",
                 rtol=1e-12, atol=1e-15)


@pytest.mark.task("linear_beta_schedule")
def test_linear_schedule_defaults_are_those_of_ddpm():
    """With the defaults, 1000 steps run from 1e-4 to 0.02 in equal increments of 0.0199 / 999 (Ho et al. 2020).

    Hint: the defaults are beta_start = 1e-4 and beta_end = 0.02, and the last beta is
    beta_end itself.
    """
    betas = _schedule(1000)
    assert_close(betas[[0, -1]], [1e-4, 0.02], "the first and last betas of the default schedule",
                 rtol=1e-12, atol=1e-16)
    assert_close(np.diff(betas), np.full(999, 0.0199 / 999), "the increments of the default schedule",
                 rtol=1e-8, atol=1e-16)


@pytest.mark.task("linear_beta_schedule")
@given(n_steps=st.sampled_from([2, 3, 10, 64]), beta_start=betas_in_range, beta_end=betas_in_range)
@example(n_steps=2, beta_start=0.3, beta_end=0.6)
@example(n_steps=10, beta_start=0.5, beta_end=0.01)
def test_linear_schedule_agrees_with_linspace(n_steps, beta_start, beta_end):
    """Any schedule is numpy.linspace(beta_start, beta_end, n_steps), also a decreasing one.

    Hint: evenly spaced from beta_start to beta_end inclusive, in that order; do not sort.
    """
    assert_close(_schedule(n_steps, beta_start, beta_end), np.linspace(beta_start, beta_end, n_steps),
                 f"linear_beta_schedule({n_steps}, {beta_start!r}, {beta_end!r})", rtol=1e-12, atol=1e-15)


@pytest.mark.task("linear_beta_schedule")
def test_linear_schedule_rejects_bad_arguments():
    """Fewer than two steps, or an end of the schedule outside the open interval (0, 1), is a ValueError.

    Hint: a variance beta = 0 adds no noise and beta >= 1 destroys the signal in one step;
    check n_steps >= 2 and 0 < beta_start, beta_end < 1; re-read "Raises".
    """
    for n_steps in (1, 0, -5):
        assert_raises_value_error(generative.linear_beta_schedule, n_steps, what=f"n_steps = {n_steps}")
    for beta_start, beta_end in [(0.0, 0.02), (-1e-3, 0.02), (1e-4, 1.0), (1e-4, 1.5), (1.0, 0.5)]:
        assert_raises_value_error(generative.linear_beta_schedule, 10, beta_start, beta_end,
                                  what=f"beta_start = {beta_start}, beta_end = {beta_end}")


# --------------------------------------------------------------------------------------- alpha_bar


@pytest.mark.task("alpha_bar")
def test_alpha_bar_worked_example():
    """betas (0.5, 0.5, 0.2) leave signal fractions 0.5, 0.5 * 0.5 = 0.25 and 0.25 * 0.8 = 0.2.

    Hint: alpha_bar[t] is the product of (1 - beta) over the steps 0 ... t, both ends
    included: alpha_bar[0] = 1 - betas[0], not 1.
    """
    assert_close(_alpha_bar(np.array([0.5, 0.5, 0.2])), [0.5, 0.25, 0.2], "alpha_bar of betas (0.5, 0.5, 0.2)",
                 rtol=1e-12, atol=1e-15)


@pytest.mark.task("alpha_bar")
@given(seed=seeds)
@example(seed=0)
def test_alpha_bar_agrees_with_a_loop(seed):
    """For random betas in (0, 1) alpha_bar is the running product of (1 - beta), as a Python loop computes it.

    Hint: a cumulative product of 1 - betas (jnp.cumprod), in the order of the steps.
    """
    betas = np.random.default_rng(seed).uniform(0.001, 0.999, N_STEPS)
    assert_close(_alpha_bar(betas), alpha_bar_loop(betas), f"alpha_bar of random betas (seed {seed})",
                 rtol=1e-12, atol=1e-300)


@pytest.mark.task("alpha_bar")
@given(betas=st.lists(betas_in_range, min_size=N_STEPS, max_size=N_STEPS))
@example(betas=[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
def test_alpha_bar_recursion(betas):
    """Each step keeps the fraction 1 - beta_t of the signal's variance, from step 0 on.

    alpha_bar[0] = 1 - beta_0 and alpha_bar[t] = alpha_bar[t-1] (1 - beta_t), so the signal
    fraction decreases strictly, inside (0, 1).

    Hint: index t is "after step t"; the product starts with 1 - betas[0], not with 1, and
    each step multiplies by (1 - beta), not by beta.
    """
    betas = np.array(betas)
    abar = _alpha_bar(betas)
    assert_close(abar[0], 1 - betas[0], f"alpha_bar[0] for betas[0] = {betas[0]!r}", rtol=1e-12, atol=1e-15)
    assert_close(abar[1:], abar[:-1] * (1 - betas[1:]), f"alpha_bar[t] vs alpha_bar[t-1] (1 - betas[t]) "
                 f"for betas {betas}", rtol=1e-12, atol=1e-300)
    assert np.all(np.diff(abar) < 0) and np.all((abar > 0) & (abar < 1)), (
        f"alpha_bar must decrease strictly inside (0, 1), got {abar} for betas {betas}")


@pytest.mark.task("alpha_bar")
def test_alpha_bar_of_the_ddpm_schedule():
    """After the 1000 steps of DDPM (1e-4 to 0.02) the signal fraction is 4.0358e-5: the data is forgotten.

    Halfway, alpha_bar[499] = 0.078587; the schedule is built here with numpy.linspace.

    Hint: alpha_bar is the product of (1 - beta) over all the steps so far.
    """
    abar = _alpha_bar(np.linspace(1e-4, 0.02, 1000))
    expected = alpha_bar_loop(np.linspace(1e-4, 0.02, 1000))
    assert_close(abar[[499, 999]], expected[[499, 999]], "alpha_bar[499] and alpha_bar[999] of the DDPM schedule",
                 rtol=1e-10, atol=0)
    assert abs(abar[999] - 4.0358e-5) <= 1e-8, (
        f"alpha_bar[999] of the DDPM schedule is 4.0358e-5, got {abar[999]:.6g}")


@pytest.mark.task("alpha_bar")
def test_alpha_bar_rejects_bad_shapes():
    """betas is one schedule: a scalar, an empty array or a 2-D array is a ValueError.

    Hint: check betas.ndim == 1 and that it holds at least one step; re-read "Raises".
    """
    for betas, what in [(np.float64(0.1), "a scalar beta"), (np.zeros(0), "an empty schedule"),
                        (np.full((2, 3), 0.1), "betas of shape (2, 3)")]:
        assert_raises_value_error(generative.alpha_bar, betas, what=what)
