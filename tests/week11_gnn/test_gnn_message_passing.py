"""Week 11, gnn.py, task message_passing_layer: messages along directed edges, summed by receiver.

Every call of the student's layer runs with the test's `segment_sum_oracle` in place of the
student's `segment_sum` (`gnn.oracles`), so that a bug there costs the segment_sum task only.
Layers: a three-node graph worked out by hand; agreement with the dense adjacency-matrix
oracle of _gnn_oracles.py on directed random graphs with self-loops, repeated edges and
isolated nodes; the symmetries of a graph: relabelling the nodes relabels the output
(permutation equivariance), the order of the edges is irrelevant, a disjoint union of two
graphs is processed as the two graphs separately; a node that only sends receives
nothing; the layer works under jax.jit and jax.grad.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _gnn_oracles import (F_IN, F_MSG, F_OUT, N_EDGES, N_NODES, TRICKY_GRAPH, dense_layer_oracle, graphs,
                          random_layer, seeds, segment_sum_oracle)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_equivariant, assert_gradient, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager_once

gnn = submission_module("week11_gnn", "gnn.py")

ORACLE_TOLERANCE = {"rtol": 1e-10, "atol": 1e-12}


def _layer(params, h, senders, receivers):
    """The student's layer with the oracle's segment_sum, as a numpy array.

    Compiled once per shape where JAX traces it; every call, and so every trace, is inside
    the oracles block: the compiled layer holds the oracle's segment_sum.
    """
    with gnn.oracles(segment_sum=segment_sum_oracle):
        layer = traced_or_eager_once(gnn.message_passing_layer)
        return np.asarray(layer(params, h, senders, receivers), dtype=float)


def _describe(senders, receivers):
    return "edges " + ", ".join(f"{s}->{r}" for s, r in zip(np.asarray(senders).tolist(), np.asarray(receivers).tolist()))


@pytest.mark.task("message_passing_layer")
def test_layer_worked_example():
    """Three nodes with one feature each, edges 0 -> 1, 2 -> 1 and the self-loop 1 -> 1; node 0 only sends.

    h = (1, -1, 2), w_msg = [[1], [2]] (receiver row first, then sender), b_msg = 0,
    w_upd = [[1], [3]] (own feature, then the sum of messages), b_upd = 0.5.
    Messages: 0 -> 1: tanh(-1 + 2*1) = tanh(1); 2 -> 1: tanh(-1 + 2*2) = tanh(3);
    1 -> 1: tanh(-1 - 2) = tanh(-3).  Sums: a_0 = 0, a_1 = tanh(1) + tanh(3) + tanh(-3) = tanh(1),
    a_2 = 0.  Update: h'_0 = tanh(1 + 0.5), h'_1 = tanh(-1 + 3 tanh(1) + 0.5), h'_2 = tanh(2 + 0.5).

    Hint: the message of edge s -> r is tanh(concat[h_r, h_s] @ w_msg + b_msg), receiver first;
    node i sums the messages of the edges with receivers[e] = i (the self-loop counts);
    then h'_i = tanh(concat[h_i, a_i] @ w_upd + b_upd).
    """
    params = {"w_msg": np.array([[1.0], [2.0]]), "b_msg": np.array([0.0]),
              "w_upd": np.array([[1.0], [3.0]]), "b_upd": np.array([0.5])}
    h = np.array([[1.0], [-1.0], [2.0]])
    out = _layer(params, h, np.array([0, 2, 1]), np.array([1, 1, 1]))
    expected = np.tanh([[1.5], [-0.5 + 3 * np.tanh(1.0)], [2.5]])
    assert_close(out, expected, "h' of the three-node graph 0->1, 2->1, 1->1 with h = (1, -1, 2)")


@pytest.mark.task("message_passing_layer")
def test_layer_node_that_only_sends_receives_nothing():
    """Messages flow from senders to receivers only: the centre of an outward star (0 -> 1, ..., 5) receives no message.

    Each of the 5 edges leaving node 0 is listed twice.  With a_0 = 0 the centre's update is
    tanh(h_0 @ w_upd[:F] + b_upd), and every leaf receives the centre's message twice.

    Hint: sum the messages by receivers[e], not by senders[e]; a node with no incoming
    edge has a_i = 0, however many edges leave it.
    """
    params, h = random_layer(11)
    senders, receivers = np.zeros(N_EDGES, dtype=int), np.tile(np.arange(1, N_NODES), 2)
    out = _layer(params, h, senders, receivers)
    centre = np.tanh(h[0] @ params["w_upd"][:F_IN] + params["b_upd"])
    assert_close(out[0], centre, "h'_0 of the centre of the outward star 0->1, ..., 0->5 (a_0 = 0)")
    assert_close(out, dense_layer_oracle(params, h, senders, receivers),
                 "h' of the outward star 0->1, ..., 0->5 (each edge twice)", **ORACLE_TOLERANCE)


@pytest.mark.task("message_passing_layer")
@given(graph=graphs, seed=seeds)
@example(graph=TRICKY_GRAPH, seed=0)
@example(graph=(np.array([2] * N_EDGES), np.array([4] * N_EDGES)), seed=1)
def test_layer_agrees_with_the_adjacency_matrix(graph, seed):
    """On random directed graphs the layer equals the dense form a_i = sum_j A[i, j] m(h_i, h_j), A[i, j] = number of edges j -> i.

    6 nodes, 10 edges drawn at random: self-loops, repeated edges and nodes without edges occur.

    Hint: every edge counts, self-loops and repeats included (do not remove or deduplicate
    edges); messages are summed at the receiver; an isolated node gets a_i = 0 and still
    updates, h'_i = tanh(concat[h_i, 0] @ w_upd + b_upd).
    """
    senders, receivers = graph
    params, h = random_layer(seed)
    assert_close(_layer(params, h, senders, receivers), dense_layer_oracle(params, h, senders, receivers),
                 f"h' on the directed graph with {_describe(senders, receivers)}", **ORACLE_TOLERANCE)


@pytest.mark.task("message_passing_layer")
def test_layer_of_a_graph_without_edges():
    """Without edges no node receives anything: h'_i = tanh(concat[h_i, 0] @ w_upd + b_upd) for every node.

    Hint: the sum of no messages is a row of zeros, one per node (N rows, whatever the edges).
    """
    params, h = random_layer(5)
    empty = np.zeros(0, dtype=int)
    expected = np.tanh(h @ params["w_upd"][:F_IN] + params["b_upd"])
    assert_close(_layer(params, h, empty, empty), expected, "h' of 6 nodes without edges", **ORACLE_TOLERANCE)


@pytest.mark.task("message_passing_layer")
@given(graph=graphs, seed=seeds, permutation=st.permutations(range(N_NODES)))
@example(graph=TRICKY_GRAPH, seed=0, permutation=[5, 4, 3, 2, 1, 0])
def test_layer_is_equivariant_under_relabelling_the_nodes(graph, seed, permutation):
    """Renaming the nodes renames the output: node i called pi(i) everywhere gives h'_new[pi(i)] = h'[i].

    The features are moved to their new labels and the edges renamed, senders and receivers
    alike; the layer must not see the numbering of the nodes (permutation equivariance).

    Hint: index the features of each edge's ends by senders and receivers, and return
    node i's update in row i; nothing may depend on the node number itself.
    """
    senders, receivers = graph
    params, h = random_layer(seed)
    pi = np.array(permutation)  # node i is renamed pi[i]
    inverse = np.argsort(pi)  # the node now called k was node inverse[k]

    def layer(features_and_edges):
        features, s, r = features_and_edges
        return _layer(params, features, s, r)

    assert_equivariant(layer, (h, senders, receivers),
                       [(f"renaming node i to {pi.tolist()}[i]", lambda x: (x[0][inverse], pi[x[1]], pi[x[2]]),
                         lambda out: out[inverse])],
                       f"h' on the graph with {_describe(senders, receivers)}", **ORACLE_TOLERANCE)


@pytest.mark.task("message_passing_layer")
@given(graph=graphs, seed=seeds, order=st.permutations(range(N_EDGES)))
@example(graph=TRICKY_GRAPH, seed=0, order=list(range(N_EDGES))[::-1])
def test_layer_ignores_the_order_of_the_edges(graph, seed, order):
    """A graph is a set of edges: listing the edges in another order gives the same h'.

    Hint: each edge's message depends on its own two ends only, and the sums at the
    receivers do not depend on the order of the terms.
    """
    senders, receivers = graph
    params, h = random_layer(seed)
    order = np.array(order)
    assert_close(_layer(params, h, senders[order], receivers[order]), _layer(params, h, senders, receivers),
                 f"h' after listing the {_describe(senders, receivers)} in the order {order.tolist()}",
                 **ORACLE_TOLERANCE)


@pytest.mark.task("message_passing_layer")
@given(first=graphs, second=graphs, seed=seeds)
@example(first=TRICKY_GRAPH, second=(TRICKY_GRAPH[1], TRICKY_GRAPH[0]), seed=0)
def test_layer_of_a_disjoint_union(first, second, seed):
    """Two graphs side by side, with no edge between them, are processed as the two graphs separately.

    The union has the features of both stacked (12 nodes) and the edges of the second
    renumbered by +6: its output must be the two outputs stacked.

    Hint: a node's update depends only on the edges that arrive at it; use the number of
    rows of h as the number of nodes (not the largest index that occurs in the edges).
    """
    params, h_first = random_layer(seed)
    h_second = np.random.default_rng(seed + 1).normal(size=(N_NODES, F_IN))
    union = _layer(params, np.concatenate([h_first, h_second]), np.concatenate([first[0], second[0] + N_NODES]),
                   np.concatenate([first[1], second[1] + N_NODES]))
    separate = np.concatenate([_layer(params, h_first, *first), _layer(params, h_second, *second)])
    assert_close(union, separate, f"h' of the union of the graphs with {_describe(*first)} and with "
                 f"{_describe(*second)} (nodes of the second renumbered +6)", **ORACLE_TOLERANCE)


@pytest.mark.task("message_passing_layer")
@pytest.mark.parametrize("seed", [0, 1])
def test_layer_under_jit_and_grad(seed):
    """A network is trained through its layers: jax.jit compiles the layer and jax.grad differentiates it in the weights.

    The compiled layer must agree with the dense oracle on the tricky graph, and the slope
    of sum(c * h') along random directions of (w_msg, b_msg, w_upd, b_upd) from jax.grad must
    match central differences.

    Hint: write the layer with jax.numpy only (no numpy, no int() or loops over the values of
    senders and receivers, which are traced under jax.jit); take the number of nodes from h.
    """
    params, h = random_layer(seed)
    senders, receivers = TRICKY_GRAPH
    weights = np.random.default_rng(seed + 2).normal(size=(N_NODES, F_OUT))
    names = ("w_msg", "b_msg", "w_upd", "b_upd")

    def objective(*arrays):
        return jnp.sum(weights * gnn.message_passing_layer(dict(zip(names, arrays)), h, senders, receivers))

    arrays = [params[name] for name in names]
    with gnn.oracles(segment_sum=segment_sum_oracle):
        try:
            compiled = np.asarray(jax.jit(gnn.message_passing_layer)(params, h, senders, receivers))
            grads = jax.jit(jax.grad(objective, argnums=(0, 1, 2, 3)))(*arrays)
        except Exception as error:  # noqa: BLE001 - a layer that jax cannot trace is the failure
            raise AssertionError(f"message_passing_layer fails under jax.jit or jax.grad: "
                                 f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
        assert_close(compiled, dense_layer_oracle(params, h, senders, receivers),
                     f"jax.jit(message_passing_layer) on the graph with {_describe(senders, receivers)}",
                     **ORACLE_TOLERANCE)
        compiled_objective = jax.jit(objective)  # one compile for every central difference
        assert_gradient(lambda *a: float(compiled_objective(*a)), arrays, list(grads),
                        "the slope of sum(c * h') in the weights (jax.grad vs central differences)",
                        rng=seed, n_directions=2)


@pytest.mark.task("message_passing_layer")
def test_layer_rejects_bad_arguments():
    """Features must be a matrix (N, F), edges two index arrays of one length, and the weights must fit F: ValueError otherwise.

    Hint: check h.ndim == 2, senders and receivers 1-D of equal length, w_msg with 2F rows and
    w_upd with F + M rows (M = the number of columns of w_msg) before computing; re-read "Raises".
    """
    params, h = random_layer(0)
    senders, receivers = TRICKY_GRAPH
    call = functools.partial(assert_raises_value_error, gnn.message_passing_layer)
    call(params, h[0], senders, receivers, what=f"h of shape ({F_IN},) (not 2-D)")
    call(params, h[None], senders, receivers, what=f"h of shape (1, {N_NODES}, {F_IN}) (not 2-D)")
    call(params, h, senders[:-1], receivers, what=f"{N_EDGES - 1} senders with {N_EDGES} receivers")
    call(params, h, senders[:, None], receivers[:, None], what=f"senders and receivers of shape ({N_EDGES}, 1)")
    call({**params, "w_msg": params["w_msg"][:F_IN]}, h, senders, receivers,
         what=f"w_msg of shape ({F_IN}, {F_MSG}) for F = {F_IN} (it needs 2F = {2 * F_IN} rows)")
    call({**params, "w_upd": params["w_upd"][:F_IN]}, h, senders, receivers,
         what=f"w_upd of shape ({F_IN}, {F_OUT}) for F + M = {F_IN + F_MSG}")
