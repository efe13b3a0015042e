"""Week 11, gnn.py, task graph_readout: the sum over nodes, an extensive graph-level feature.

Every call runs with the test's `segment_sum_oracle` in place of the student's `segment_sum`
(a readout written with segment_sum must not lose this task for a bug of that one).
Layers: a sum by hand; agreement with numpy's sum over the node axis; invariance under
relabelling the nodes; additivity over disjoint graphs (extensivity) and the empty graph;
jax.jit and jax.grad.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _gnn_oracles import F_IN, N_NODES, seeds, segment_sum_oracle
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_invariant, assert_raises_value_error
from autograder.submission import submission_module

gnn = submission_module("week11_gnn", "gnn.py")


def _readout(h):
    """The student's readout with the oracle's segment_sum, as a numpy array."""
    with gnn.oracles(segment_sum=segment_sum_oracle):
        return np.asarray(gnn.graph_readout(h), dtype=float)


def _features(seed, n_nodes=N_NODES):
    return np.random.default_rng(seed).normal(size=(n_nodes, F_IN))


@pytest.mark.task("graph_readout")
def test_readout_worked_example():
    """Three nodes with features (1, 2), (3, 4), (5, -6) read out as their sum (9, 0).

    Hint: sum over the nodes (axis 0), one number per feature: not the mean (3, 0), not the
    sum over features, and the result has shape (F,).
    """
    h = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, -6.0]])
    assert_close(_readout(h), [9.0, 0.0], "the readout of h = [[1, 2], [3, 4], [5, -6]]")


@pytest.mark.task("graph_readout")
@given(seed=seeds)
@example(seed=0)
def test_readout_agrees_with_the_sum_over_nodes(seed):
    """For 6 nodes with 3 random features the readout is the column sum, shape (3,).

    Hint: jnp.sum over axis 0 of h of shape (N, F).
    """
    h = _features(seed)
    assert_close(_readout(h), h.sum(axis=0), f"the readout of random features (seed {seed})",
                 rtol=1e-12, atol=1e-12)


@pytest.mark.task("graph_readout")
@given(seed=seeds, permutation=st.permutations(range(N_NODES)))
def test_readout_is_invariant_under_relabelling(seed, permutation):
    """The numbering of the nodes is arbitrary: permuting the rows of h leaves the readout unchanged.

    Hint: a sum over all nodes treats every node alike; do not weight or select nodes by
    their index.
    """
    order = np.array(permutation)
    assert_invariant(_readout, _features(seed), [(f"reordering the nodes by {order.tolist()}", lambda h: h[order])],
                     "the readout of random features", rtol=1e-12, atol=1e-12)


@pytest.mark.task("graph_readout")
@given(seed=seeds)
def test_readout_is_additive_over_disjoint_graphs(seed):
    """Extensivity: the readout of two graphs taken together is the sum of their readouts.

    The union of a 6-node and a 4-node graph (their features stacked) against the two
    readouts added.

    Hint: the readout sums over nodes; a mean or a maximum over nodes is not additive.
    """
    first, second = _features(seed), _features(seed + 1, n_nodes=4)
    assert_close(_readout(np.concatenate([first, second])), _readout(first) + _readout(second),
                 "the readout of the union vs the sum of the readouts of its two parts", rtol=1e-12, atol=1e-12)


@pytest.mark.task("graph_readout")
def test_readout_of_a_graph_without_nodes_is_zero():
    """A graph without nodes contributes nothing: the readout of h of shape (0, F) is zero.

    Hint: a sum over no terms is 0; a mean over no nodes is 0/0 = nan.
    """
    assert_close(_readout(np.zeros((0, F_IN))), np.zeros(F_IN), "the readout of no nodes", rtol=0, atol=0)


@pytest.mark.task("graph_readout")
def test_readout_under_jit_and_grad():
    """The readout ends a trained network: jax.jit compiles it and jax.grad of c . readout(h) is c for every node.

    Hint: use jax.numpy; the derivative of the sum over nodes with respect to h_i is the same
    for every node i.
    """
    h, c = _features(1), np.array([0.5, -2.0, 3.0])
    with gnn.oracles(segment_sum=segment_sum_oracle):
        try:
            compiled = jax.jit(gnn.graph_readout)(h)
            grad = jax.grad(lambda x: jnp.dot(c, gnn.graph_readout(x)))(h)
        except Exception as error:  # noqa: BLE001 - a readout that jax cannot trace is the failure
            raise AssertionError(f"graph_readout fails under jax.jit or jax.grad: "
                                 f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
    assert_close(compiled, h.sum(axis=0), "jax.jit(graph_readout) of random features", rtol=1e-12, atol=1e-12)
    assert_close(grad, np.tile(c, (N_NODES, 1)), "the gradient of c . readout(h) with respect to h",
                 rtol=1e-12, atol=1e-12)


@pytest.mark.task("graph_readout")
def test_readout_rejects_features_that_are_not_a_matrix():
    """Node features are a matrix (N, F): a vector or a 3-D array is a ValueError.

    Hint: check h.ndim == 2; re-read "Raises".
    """
    assert_raises_value_error(gnn.graph_readout, np.ones(4), what="h of shape (4,)")
    assert_raises_value_error(gnn.graph_readout, np.ones((2, 4, 3)), what="h of shape (2, 4, 3)")
