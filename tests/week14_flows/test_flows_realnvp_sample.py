"""Week 14, flows.py, task realnvp_sample: pushing base points through a stack of coupling layers.

Every call runs with the test's coupling layers (_flows_oracles.py) in place of the
student's, so that a bug of coupling_forward costs only that task.  Layers: the two-layer
flow worked out by hand (it tells the order of the layers apart); agreement with the oracle
composition for random conditioners and masks; the change of variables: the oracle density
of a sample plus log|det| of the Jacobian of the student's map (forward-mode autodiff)
is log N(z).
"""

import numpy as np
import pytest
from _flows_oracles import (ALL_BUT_ONE, ALL_MASKS, B, COUPLING_ORACLES, D, N_LAYERS, ONE_KEPT, SPREAD_POINTS,
                            TWO_LAYER_MASKS, TWO_LAYER_PARAMS, affine_conditioner, flow_forward_oracle, log_normal,
                            log_prob_oracle, mask_stacks, network_conditioner, network_params_list, points, seeds,
                            students_log_abs_det)
from hypothesis import example, given, settings

from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

flows = submission_module("week14_flows", "flows.py")


def _call_sample(conditioner, params_list, masks, z):
    with flows.oracles(**COUPLING_ORACLES):
        return flows.realnvp_sample(conditioner, params_list, masks, z)


def _sample(conditioner, params_list, masks, z):
    """The student's x, checked to be one array of the shape of z."""
    return assert_shape(_call_sample(conditioner, params_list, masks, z), np.shape(z),
                        f"the samples x of a batch of base points z of shape {np.shape(z)} (x only, no log-det)")


@pytest.mark.task("realnvp_sample")
def test_realnvp_sample_by_hand():
    """A two-layer flow: layer 1 maps z2 to 2 z2 + 1, then layer 2 adds the new x2 to z1: z = (1, 1) goes to x = (4, 3).

    In the wrong order (layer 2 first) z = (1, 1) would go to (2, 3).  z = (0, 0) goes to (1, 1).

    Hint: apply coupling_forward with params_list[0] and masks[0] first, and feed each
    layer's output to the next one; return x only.
    """
    z = np.array([[1.0, 1.0], [0.0, 0.0]])
    x = _sample(affine_conditioner, TWO_LAYER_PARAMS, TWO_LAYER_MASKS, z)
    assert_close(x, [[4.0, 3.0], [1.0, 1.0]], "x of z = (1, 1) and (0, 0)")


@pytest.mark.task("realnvp_sample")
@given(z=points(D), seed=seeds, masks=mask_stacks)
@example(z=SPREAD_POINTS, seed=0, masks=[ALL_BUT_ONE, ONE_KEPT, ALL_MASKS[7]])
@example(z=SPREAD_POINTS, seed=1, masks=[ALL_MASKS[12], ALL_MASKS[3], ALL_MASKS[10]])
def test_realnvp_sample_composes_the_layers(z, seed, masks):
    """x = f_3(f_2(f_1(z))) for three random coupling layers (D = 4) and any masks.

    Hint: loop over zip(params_list, masks) in order, x = coupling_forward(...)[0] each time,
    starting from x = z.
    """
    params_list = network_params_list(seed, N_LAYERS, D)
    x = _sample(network_conditioner, params_list, masks, z)
    assert_close(x, flow_forward_oracle(network_conditioner, params_list, masks, z),
                 f"x for masks {[m.tolist() for m in masks]}", rtol=1e-10, atol=1e-10)


@pytest.mark.task("realnvp_sample")
@settings(max_examples=10)
@given(z=points(D), seed=seeds, masks=mask_stacks)
def test_realnvp_sample_follows_the_flow_density(z, seed, masks):
    """Samples follow the flow's density: log q(x) + log|det dx/dz| = log N(z) at x = sample(z).

    log q is computed by the test (oracle inverse layers) and dx/dz by forward-mode autodiff through
    your realnvp_sample: the change of variables that makes x a sample of q.

    Hint: push z through the layers first to last with coupling_forward, using only
    jax.numpy, so that jax.jvp and jax.jacfwd can differentiate the map.
    """
    params_list = network_params_list(seed, N_LAYERS, D)
    x = _sample(network_conditioner, params_list, masks, z)
    volume = students_log_abs_det(lambda v: _call_sample(network_conditioner, params_list, masks, v), z,
                                  "realnvp_sample", "z")
    log_q = log_prob_oracle(network_conditioner, params_list, masks, x)
    assert_close(log_q + volume, log_normal(z), f"log q(x) + log|det dx/dz| for masks {[m.tolist() for m in masks]}",
                 rtol=1e-10, atol=1e-9)


@pytest.mark.task("realnvp_sample")
def test_realnvp_sample_rejects_bad_input():
    """Base points that are not a batch (B, D), or a different number of parameter sets and masks, is a ValueError.

    Hint: check z.ndim == 2 and len(params_list) == len(masks) (zip would silently drop layers).
    """
    params_list, masks = network_params_list(0, N_LAYERS, D), [ALL_MASKS[3], ALL_MASKS[12], ALL_MASKS[5]]
    for what, args in [("z of shape (4,)", (params_list, masks, np.ones(D))),
                       ("3 parameter sets with 2 masks", (params_list, masks[:2], np.ones((B, D)))),
                       ("2 parameter sets with 3 masks", (params_list[:2], masks, np.ones((B, D))))]:
        assert_raises_value_error(_call_sample, network_conditioner, *args, what=what)
