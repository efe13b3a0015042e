"""Week 14, flows.py, task realnvp_log_prob: the density of a stack of coupling layers.

Every call runs with the test's coupling layers (_flows_oracles.py) in place of the
student's, so that a bug of coupling_forward or coupling_inverse costs only those tasks.
Layers: a two-layer flow worked out by hand; agreement with the change of variables
computed independently (the oracle inverse for z, slogdet of the Jacobian of the oracle
forward map for the volume change) for random conditioners and masks, edge cases included;
the density integrates to 1 on a 2D grid.
"""

import functools
import math

import numpy as np
import pytest
from _flows_oracles import (ALL_BUT_ONE, ALL_MASKS, B, COUPLING_ORACLES, D, N_LAYERS, ONE_KEPT, SPREAD_POINTS,
                            TWO_LAYER_MASKS, TWO_LAYER_PARAMS, affine_conditioner, flow_inverse_oracle, log_normal,
                            mask_stacks, network_conditioner, network_flow_log_abs_det, network_params_list, points,
                            seeds)
from hypothesis import example, given

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager

flows = submission_module("week14_flows", "flows.py")


def _log_prob(conditioner, params_list, masks, x, compiled=False):
    """The student's log q(x) with the test's coupling layers, checked to be of shape (B,).

    compiled: for the masks of a test that calls with the same conditioner and masks every
    time (the worked example, the normalisation grid), the student's function compiled once
    for them where it traces (the masks are constants of the trace), called as written where not.
    """
    with flows.oracles(**COUPLING_ORACLES):
        if compiled:
            log_q = _traced_log_prob(flows.realnvp_log_prob, conditioner, tuple(map(tuple, masks)))(params_list, x)
        else:
            log_q = flows.realnvp_log_prob(conditioner, params_list, masks, x)
    return assert_shape(log_q, (len(x),), f"log q(x) of a batch of {len(x)} points (one per point)")


@functools.cache
def _traced_log_prob(function, conditioner, masks):
    """(params_list, x) -> function(conditioner, params_list, masks, x), one wrapper per function, conditioner and masks.

    Always called with the test's coupling layers in place (COUPLING_ORACLES, the same in
    every test of this file), which the trace may inline.
    """
    masks = [np.array(mask) for mask in masks]
    return traced_or_eager(lambda params_list, x: function(conditioner, params_list, masks, x))


@pytest.mark.task("realnvp_log_prob")
def test_realnvp_log_prob_by_hand():
    """A two-layer flow x = (z1 + 2 z2 + 1, 2 z2 + 1): log q(4, 3) = log N(1, 1) - log 2 and log q(1, 1) = log N(0, 0) - log 2.

    Inverting last layer first: x = (4, 3) gives z1 = 4 - 3 = 1, then z2 = (3 - 1) / 2 = 1; the
    first layer stretches by 2, so log q = -|z|^2 / 2 - log(2 pi) - log 2.

    Hint: undo the layers in reverse order (the last layer first) with coupling_inverse, add
    their log-determinants (each is minus the forward one) to log N(z; 0, I), which includes
    -(D / 2) log(2 pi).
    """
    x = np.array([[4.0, 3.0], [1.0, 1.0]])
    log_q = _log_prob(affine_conditioner, TWO_LAYER_PARAMS, TWO_LAYER_MASKS, x, compiled=True)
    constant = -math.log(2 * math.pi) - math.log(2.0)
    assert_close(log_q, [-1.0 + constant, constant], "log q of x = (4, 3) and (1, 1): -1 - log(4 pi) and -log(4 pi)")


@pytest.mark.task("realnvp_log_prob")
@given(x=points(D), seed=seeds, masks=mask_stacks)
@example(x=SPREAD_POINTS, seed=0, masks=[ALL_BUT_ONE, ONE_KEPT, ALL_MASKS[7]])
@example(x=SPREAD_POINTS, seed=1, masks=[ALL_MASKS[12], ALL_MASKS[3], ALL_MASKS[10]])
def test_realnvp_log_prob_is_the_change_of_variables(x, seed, masks):
    """log q(x) = log N(z) - log|det dx/dz| with z = f^{-1}(x), for three random coupling layers (D = 4).

    The expected value is computed independently: z by inverting the layers, the volume
    change by slogdet of the Jacobian of the whole forward map (forward-mode autodiff).

    Hint: invert the layers from the last to the first (masks and params_list reversed
    together) and add every layer's log-determinant; log N(z) = -|z|^2 / 2 - (D / 2) log(2 pi).
    """
    params_list = network_params_list(seed, N_LAYERS, D)
    z = np.asarray(flow_inverse_oracle(network_conditioner, params_list, masks, x))
    volume = network_flow_log_abs_det(params_list, masks, z)
    log_q = _log_prob(network_conditioner, params_list, masks, x)
    assert_close(log_q, log_normal(z) - volume, f"log q(x) for masks {[m.tolist() for m in masks]}",
                 rtol=1e-10, atol=1e-9)


# Seeds of gentle flows (output weights scaled by 0.5) whose mass outside the box [-9, 9]^2 is
# below 1e-6 (checked with the oracle: the midpoint sums below give 1 - 5e-7 or closer).
NORMALISATION_SEEDS, BOX, CELLS = (2, 3, 4, 6), 9.0, 300


@pytest.mark.task("realnvp_log_prob")
@pytest.mark.parametrize("seed", NORMALISATION_SEEDS)
def test_realnvp_log_prob_is_normalised(seed):
    """The flow's density integrates to 1 within 1e-3: midpoint rule on a 300 x 300 grid of [-9, 9]^2 (D = 2, three layers).

    A flow's density is normalised by construction (change of variables of a normalised
    Gaussian); the box holds all but 1e-6 of the mass.

    Hint: a wrong sign of the log-determinants, a missing -(D / 2) log(2 pi) or a missing
    factor 1/2 in -|z|^2 / 2 all break the normalisation.
    """
    params_list = network_params_list(seed, N_LAYERS, 2, scale=0.5)
    masks = [np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.array([1.0, 0.0])]
    edges = np.linspace(-BOX, BOX, CELLS + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    grid = np.stack(np.meshgrid(centres, centres, indexing="ij"), axis=-1).reshape(-1, 2)
    log_q = _log_prob(network_conditioner, params_list, masks, grid, compiled=True)
    integral = float(np.sum(np.exp(log_q)) * (edges[1] - edges[0]) ** 2)
    assert abs(integral - 1.0) < 1e-3, (
        f"the density of a three-layer flow (seed {seed}) integrates to {integral:.6g} over [-9, 9]^2 instead of 1")


@pytest.mark.task("realnvp_log_prob")
def test_realnvp_log_prob_rejects_bad_input():
    """Points that are not a batch (B, D), or a different number of parameter sets and masks, is a ValueError.

    Hint: check x.ndim == 2 and len(params_list) == len(masks) (zip would silently drop layers).
    """
    params_list, masks = network_params_list(0, N_LAYERS, D), [ALL_MASKS[3], ALL_MASKS[12], ALL_MASKS[5]]
    for what, args in [("x of shape (4,)", (params_list, masks, np.ones(D))),
                       ("3 parameter sets with 2 masks", (params_list, masks[:2], np.ones((B, D)))),
                       ("2 parameter sets with 3 masks", (params_list[:2], masks, np.ones((B, D))))]:
        with flows.oracles(**COUPLING_ORACLES):
            assert_raises_value_error(flows.realnvp_log_prob, network_conditioner, *args, what=what)
