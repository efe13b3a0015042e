"""Week 11: message passing on graphs.

A graph of N nodes is stored as node features h of shape (N, F) and a list of E directed
edges given by two integer arrays of shape (E,): edge e carries information from node
`senders[e]` to node `receivers[e]`.  A bond between two atoms is two edges, one in each
direction; a self-loop (senders[e] == receivers[e]) and a repeated edge are edges like any
other.  Nothing in a graph depends on the order of its edges or on how its nodes are
numbered, and the functions of this module respect that:

- `segment_sum`: sums rows of an array by an index, the one operation that gathers what
  arrives at each node (it is `jax.ops.segment_sum`, which you write yourself here);
- `message_passing_layer`: every edge computes a message from the features of its two
  ends, every node sums the messages it receives and updates its features (Gilmer et al.
  2017); relabelling the nodes relabels the output the same way (permutation equivariance);
- `graph_readout`: the sum over nodes, a graph-level feature that does not depend on the
  numbering of the nodes (permutation invariance) and grows with the size of the graph,
  as an extensive quantity such as the energy does;
- `radius_graph`: the graph of a particle cloud, each particle linked to every other one
  closer than a cutoff distance.

Conventions used throughout:

- Use jax.numpy: `segment_sum`, `message_passing_layer` and `graph_readout` must work under
  `jax.jit` and `jax.grad` (the notebook trains a network built from them, and also maps
  them over a batch of graphs with `jax.vmap`).
  Under `jax.jit` the values of index arrays are not known, only their shapes: numbers of
  nodes and segments come from shapes or from static arguments, never from the values of
  an index array.
- `radius_graph` returns arrays whose length depends on the positions, so it runs eagerly
  (outside `jax.jit`) and may use numpy.
- Bad arguments (arrays of the wrong number of dimensions, index arrays of mismatched
  lengths, weights of the wrong shape, a non-positive cutoff) raise `ValueError` with a
  message that says what is wrong.  Index values are not checked: they must lie in range.
"""

import jax.numpy as jnp
import numpy as np


def segment_sum(data, segment_ids, num_segments):
    """Sum the rows of data that share a segment id: out[s] = sum of data[e] over segment_ids[e] = s.

    Row e of data goes to the segment segment_ids[e].  A segment that receives no row is
    zero, and the output has num_segments rows whatever ids occur: with ids (2, 0, 2) and
    num_segments = 4 the rows of the output are (data[1], 0, data[0] + data[2], 0).
    In message passing, the rows are messages and the ids are the nodes that receive them.

    Under `jax.jit`, num_segments must be static (`jax.jit(segment_sum, static_argnums=2)`):
    take the number of rows of the output from it, never from the largest id.

    Args:
        data: array of shape (E, ...): E rows of any trailing shape.
        segment_ids: integer array of shape (E,), values in [0, num_segments).
        num_segments: the number of segments S, a Python integer >= 0.

    Returns:
        Array of shape (S, ...) (the trailing shape of data): row s is the sum of the rows
        of data whose id is s, and zero if there is none.

    Raises:
        ValueError: if data has no axis, segment_ids is not 1-D with one id per row of data,
            or num_segments is negative.
    """
    raise NotImplementedError('week 11, gnn.py: segment_sum is not implemented yet')


def message_passing_layer(params, h, senders, receivers):
    """One round of message passing on a directed graph: messages, sum by receiver, update.

    For every edge e from node s = senders[e] to node r = receivers[e], the message is

        m_e = tanh(concat[h_r, h_s] @ w_msg + b_msg)          (receiver first, then sender)

    Node i sums the messages of the edges that arrive at it (use `segment_sum`),

        a_i = sum of m_e over the edges e with receivers[e] = i     (zero if there is none),

    and updates its features from its own features and that sum,

        h'_i = tanh(concat[h_i, a_i] @ w_upd + b_upd).

    Every edge counts: a self-loop sends node i's message to itself, and an edge listed
    twice delivers its message twice.  Messages go from senders to receivers only: a node
    that only sends receives nothing.  Relabelling the nodes (permuting the rows of h and
    renaming the indices of senders and receivers alike) permutes the rows of h' the same
    way, and the order of the edges does not matter.

    Args:
        params: dict of arrays with keys "w_msg" (2F, M), "b_msg" (M,), "w_upd" (F + M, F')
            and "b_upd" (F',), for any message width M and output width F'.
        h: node features, shape (N, F).
        senders: integer array (E,), the node each edge starts from, values in [0, N).
        receivers: integer array (E,), the node each edge arrives at, values in [0, N).

    Returns:
        h', the updated node features, shape (N, F').

    Raises:
        ValueError: if h is not 2-D, senders and receivers are not 1-D arrays of the same
            length, w_msg does not have 2F rows, or w_upd does not have F + M rows.
    """
    raise NotImplementedError('week 11, gnn.py: message_passing_layer is not implemented yet')


def graph_readout(h):
    """The sum readout: one feature vector for the whole graph, the sum of its node features.

        readout = sum over nodes i of h_i.

    It does not depend on how the nodes are numbered, and the readout of two disjoint
    graphs taken together is the sum of their readouts: an energy predicted this way is
    extensive.  A graph without nodes reads out zero.

    Args:
        h: node features, shape (N, F).

    Returns:
        Array of shape (F,).

    Raises:
        ValueError: if h is not 2-D.
    """
    raise NotImplementedError('week 11, gnn.py: graph_readout is not implemented yet')


def radius_graph(positions, cutoff):
    """The radius graph of a particle cloud: an edge for every ordered pair closer than the cutoff.

    Particles i and j (i != j) are neighbours when their Euclidean distance is strictly
    smaller than the cutoff, |r_i - r_j| < cutoff; a pair at exactly the cutoff distance
    is not.  Each neighbouring pair gives two directed edges, i -> j and j -> i.  Two
    particles at the same position are neighbours (their distance 0 is below any
    cutoff), but a particle is never its own neighbour: no self-loops.

    The number of edges depends on the positions, so this function runs eagerly (do not
    jax.jit it); compute the graph once, then pass senders and receivers to jitted code.
    numpy is the right tool here: `np.nonzero` of a boolean (N, N) matrix gives the pairs
    at once, whereas `jnp.nonzero` compiles anew for every new number of edges (slow).

    Args:
        positions: array of shape (N, dim), one row per particle, in any dimension dim >= 1.
        cutoff: the cutoff distance, a number > 0.

    Returns:
        A tuple (senders, receivers) of integer arrays of shape (E,): the pairs
        (senders[e], receivers[e]) are all the ordered pairs (i, j), i != j, with
        |r_i - r_j| < cutoff, each exactly once, in any order.

    Raises:
        ValueError: if positions is not 2-D or cutoff <= 0.
    """
    raise NotImplementedError('week 11, gnn.py: radius_graph is not implemented yet')
