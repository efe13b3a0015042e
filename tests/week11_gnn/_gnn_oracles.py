"""Oracles and random graphs of the week 11 gnn.py tests, written independently of the student's module.

- `segment_sum_oracle`: the sum by segment as a product with the dense one-hot matrix
  onehot[s, e] = [segment_ids[e] == s], in jax.numpy so that it traces under the
  student's jax.jit and jax.grad.  The tests of `message_passing_layer` and `graph_readout`
  put it in place of the student's `segment_sum` (`gnn.oracles(segment_sum=...)`), so that
  a bug in `segment_sum` costs that task only.
- `dense_layer_oracle`: the message-passing layer through the adjacency matrix of edge
  counts, A[i, j] = number of edges j -> i, and the messages of all N^2 ordered pairs:
  a_i = sum_j A[i, j] m(h_i, h_j).  No gather, no scatter: it counts self-loops and repeated
  edges by construction.
- `radius_pairs_oracle`: the ordered pairs of a radius graph by brute force over all pairs.
- Directed random graphs of fixed size (N nodes, E edges, drawn with self-loops, repeated
  edges and isolated nodes) and their parameters, so that JAX compiles a handful of times.
"""

import math

import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st

N_NODES, N_EDGES = 6, 10  # the random graphs: one shape, so JAX compiles once
F_IN, F_MSG, F_OUT = 3, 4, 2  # feature, message and output widths of the random layers

seeds = st.integers(0, 2**32 - 1)
node_indices = st.integers(0, N_NODES - 1)
edge_lists = st.lists(node_indices, min_size=N_EDGES, max_size=N_EDGES).map(np.array)
# (senders, receivers) of a directed graph on N_NODES nodes with N_EDGES edges.
graphs = st.tuples(edge_lists, edge_lists)

# A directed graph with everything that trips an implementation: node 0 only sends, node 5
# is isolated, a self-loop on 3, the edge 4 -> 1 listed three times, and most edges have no
# reverse (2 -> 1 but not 1 -> 2), so that aggregating by senders gives other sums.
TRICKY_GRAPH = (np.array([0, 2, 3, 4, 4, 1, 4, 2, 3, 1]), np.array([2, 1, 3, 1, 1, 3, 1, 4, 2, 4]))


# --------------------------------------------------------------------------- segment sum


def segment_sum_oracle(data, segment_ids, num_segments):
    """onehot @ data with onehot[s, e] = [segment_ids[e] == s]; jax.numpy, any trailing shape."""
    data = jnp.asarray(data)
    onehot = (jnp.arange(num_segments)[:, None] == jnp.asarray(segment_ids)[None, :]).astype(data.dtype)
    return jnp.tensordot(onehot, data, axes=1)


# ---------------------------------------------------------------------- message passing


def random_layer(seed, f_in=F_IN, f_msg=F_MSG, f_out=F_OUT, n_nodes=N_NODES):
    """(params, h): standard normal weights scaled by 1/sqrt(fan-in) and node features of order one."""
    rng = np.random.default_rng(seed)
    params = {"w_msg": rng.normal(size=(2 * f_in, f_msg)) / np.sqrt(2 * f_in),
              "b_msg": rng.normal(size=f_msg) / 2,
              "w_upd": rng.normal(size=(f_in + f_msg, f_out)) / np.sqrt(f_in + f_msg),
              "b_upd": rng.normal(size=f_out) / 2}
    return params, rng.normal(size=(n_nodes, f_in))


def adjacency_counts(senders, receivers, n_nodes):
    """A[i, j] = the number of edges j -> i (a self-loop adds to the diagonal)."""
    counts = np.zeros((n_nodes, n_nodes))
    np.add.at(counts, (np.asarray(receivers), np.asarray(senders)), 1.0)
    return counts


def dense_layer_oracle(params, h, senders, receivers):
    """h'_i = tanh([h_i, sum_j A[i, j] tanh([h_i, h_j] w_msg + b_msg)] w_upd + b_upd), in numpy."""
    h = np.asarray(h, float)
    n_nodes = len(h)
    pairs = np.concatenate([np.repeat(h[:, None, :], n_nodes, axis=1),  # [i, j] -> h_i (receiver)
                            np.repeat(h[None, :, :], n_nodes, axis=0)], axis=2)  # [i, j] -> h_j (sender)
    pair_messages = np.tanh(pairs @ params["w_msg"] + params["b_msg"])  # (N, N, M)
    aggregated = np.einsum("ij,ijm->im", adjacency_counts(senders, receivers, n_nodes), pair_messages)
    return np.tanh(np.concatenate([h, aggregated], axis=1) @ params["w_upd"] + params["b_upd"])


# ------------------------------------------------------------------------- radius graph


def radius_pairs_oracle(positions, cutoff):
    """Every ordered pair (i, j), i != j, with |r_i - r_j| < cutoff, by brute force over all pairs."""
    points = [tuple(float(x) for x in row) for row in np.asarray(positions)]
    return {(i, j) for i, p in enumerate(points) for j, q in enumerate(points)
            if i != j and math.dist(p, q) < cutoff}
