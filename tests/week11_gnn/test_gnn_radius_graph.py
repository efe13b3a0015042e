"""Week 11, gnn.py, task radius_graph: every ordered pair of distinct particles closer than the cutoff.

The edge order is left open, so the edges are compared as sets of ordered pairs
(senders[e], receivers[e]), each of which must occur once.  radius_graph runs eagerly (its
output size depends on the positions); the tests never jit it.
Layers: small clouds worked out by hand (pairs at exactly the cutoff, which are excluded,
and coincident particles, which are neighbours); agreement with the brute-force
`radius_pairs_oracle` of _gnn_oracles.py on random clouds and on grid clouds full of ties
and coincidences, in 1, 2 and 3 dimensions; the neighbour relation is symmetric and
relabelling the particles relabels the edges.
"""

import functools

import numpy as np
import pytest
from _gnn_oracles import radius_pairs_oracle, seeds
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.checks import assert_raises_value_error
from autograder.submission import submission_module

gnn = submission_module("week11_gnn", "gnn.py")

N_PARTICLES = 6
# Grid clouds: coordinates are multiples of 1/2 and cutoffs too, so every distance is computed
# exactly and many pairs sit at exactly the cutoff or on top of each other.
grid_coordinates = st.integers(-2, 2).map(lambda k: 0.5 * k)
grid_cutoffs = st.sampled_from([0.5, 1.0, 1.5, 2.0])


def _pairs(positions, cutoff):
    """The student's edges as a set of ordered pairs, checked to be two integer arrays (E,), each pair once."""
    result = gnn.radius_graph(positions, cutoff)
    assert result is not None and len(result) == 2, (
        f"radius_graph must return the pair (senders, receivers), got {type(result).__name__}")
    senders, receivers = (np.asarray(a) for a in result)
    assert senders.ndim == 1 and senders.shape == receivers.shape, (
        f"senders and receivers must be 1-D arrays of one length, got shapes {senders.shape} and {receivers.shape}")
    assert senders.size == 0 or (np.issubdtype(senders.dtype, np.integer)
                                 and np.issubdtype(receivers.dtype, np.integer)), (
        f"senders and receivers are node indices and must be integer arrays, got {senders.dtype} and {receivers.dtype}")
    pairs = list(zip(senders.tolist(), receivers.tolist()))
    repeated = sorted({pair for pair in pairs if pairs.count(pair) > 1})
    assert not repeated, f"each ordered pair must appear once, but {repeated} appear more than once"
    return set(pairs)


def _assert_same_pairs(found, expected, what):
    missing, extra = sorted(expected - found), sorted(found - expected)
    assert not missing and not extra, (
        f"{what}: the edges differ from all ordered pairs i != j with |r_i - r_j| < cutoff"
        + (f"\nmissing pairs (i, j): {missing}" if missing else "")
        + (f"\npairs that should not be there: {extra}" if extra else ""))


def _show(positions):
    return np.array2string(np.asarray(positions), separator=", ").replace("\n", "")


@pytest.mark.task("radius_graph")
def test_radius_graph_worked_example():
    """Three particles on a line at x = 0, 1 and 2.5 with cutoff 1.2: only 0 and 1 are neighbours, in both directions.

    Distances: |0 - 1| = 1 < 1.2, |1 - 2.5| = 1.5 and |0 - 2.5| = 2.5 are not below 1.2.
    The edges are (0, 1) and (1, 0), in any order.

    Hint: an edge for every ordered pair (i, j), i != j, closer than the cutoff: a bond
    gives two directed edges, i -> j and j -> i.
    """
    positions = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [2.5, 0.0, 0.0]])
    _assert_same_pairs(_pairs(positions, 1.2), {(0, 1), (1, 0)}, "particles at x = 0, 1, 2.5 with cutoff 1.2")


@pytest.mark.task("radius_graph")
@pytest.mark.parametrize("positions, cutoff, expected", [
    ([[0.0, 0.0, 0.0], [1.5, 0.0, 0.0], [0.75, 0.0, 0.0]], 1.5, {(0, 2), (1, 2)}),
    ([[0.0, 0.0], [3.0, 4.0], [3.0, 0.0]], 5.0, {(0, 2), (1, 2)}),
    ([[-1.0], [-0.5], [0.0], [0.0], [0.5], [-0.5]], 0.5, {(2, 3), (1, 5)}),
    ([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.5, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 1.0, 1.0]], 1.0,
     {(0, 1), (0, 2), (1, 2), (2, 3)}),
], ids=["line", "triangle_3_4_5", "grid_1d", "grid_3d"])
def test_radius_graph_excludes_pairs_at_exactly_the_cutoff(positions, cutoff, expected):
    """The cutoff is strict: a pair at exactly the cutoff distance is not an edge (1.5 apart with cutoff 1.5, the 3-4-5 triangle with cutoff 5, grid points).

    The last two clouds also hold coincident particles, which are neighbours. The expected
    bonds are listed once; each gives the two edges (i, j) and (j, i).

    Hint: neighbours satisfy |r_i - r_j| < cutoff with the Euclidean distance, strictly (<, not
    <=); a squared distance must be compared with cutoff**2; exclude only i == j, by index.
    """
    bonds = {(i, j) for i, j in expected} | {(j, i) for i, j in expected}
    _assert_same_pairs(_pairs(np.array(positions), cutoff), bonds,
                       f"positions {_show(positions)} with cutoff {cutoff}: the bonds are {sorted(expected)}")


@pytest.mark.task("radius_graph")
def test_radius_graph_links_coincident_particles_but_never_a_particle_to_itself():
    """Two particles at the same point are neighbours (distance 0 < cutoff); no particle is its own neighbour.

    Particles 0 and 1 both at (1, 1, 1), particle 2 at (3, 1, 1), cutoff 1: the edges are
    (0, 1) and (1, 0), and never (i, i).

    Hint: exclude the pairs with i == j by their indices, not by testing the distance > 0,
    which also drops particles that happen to coincide.
    """
    positions = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [3.0, 1.0, 1.0]])
    _assert_same_pairs(_pairs(positions, 1.0), {(0, 1), (1, 0)},
                       "particles 0 and 1 at (1, 1, 1), particle 2 at (3, 1, 1), cutoff 1")


def _random_cloud(seed, n_close, fraction):
    """Six particles at random in a cube of side 1.5, and a cutoff with exactly n_close pairs inside.

    The cutoff lies at `fraction` of the way between the n_close-th and the next pair distance,
    away from every pair, so that any correct float64 computation of the distances agrees.
    (A few edge counts only: an eager jnp.nonzero compiles once per number of edges.)
    """
    positions = np.random.default_rng(seed).uniform(0.0, 1.5, size=(N_PARTICLES, 3))
    distances = np.sort([np.linalg.norm(p - q) for i, p in enumerate(positions) for q in positions[i + 1:]])
    below, above = distances[n_close - 1], distances[n_close]
    return positions, float(below + fraction * (above - below))


@pytest.mark.task("radius_graph")
@given(seed=seeds, n_close=st.sampled_from([2, 7, 12]), fraction=st.floats(0.1, 0.9))
@example(seed=0, n_close=7, fraction=0.5)
def test_radius_graph_agrees_with_brute_force_on_random_clouds(seed, n_close, fraction):
    """Six particles at random in a cube of side 1.5: the edges are exactly the pairs i != j closer than the cutoff.

    The cutoff is drawn between two pair distances, so that 2, 7 or 12 of the 15 pairs are
    closer than it: 4, 14 or 24 directed edges.

    Hint: the distance is the Euclidean norm of r_i - r_j over all coordinates; compare it (or
    its square with the squared cutoff) with the cutoff, and return both orders of each pair.
    """
    positions, cutoff = _random_cloud(seed, n_close, fraction)
    _assert_same_pairs(_pairs(positions, cutoff), radius_pairs_oracle(positions, cutoff),
                       f"6 random particles (seed {seed}) with cutoff {cutoff:.6g}")


@pytest.mark.task("radius_graph")
@pytest.mark.parametrize("dim", [1, 2, 3])
@settings(max_examples=12)  # x 3 dimensions; an eager jnp.nonzero compiles once per new number of edges
@given(data=st.data(), cutoff=grid_cutoffs)
def test_radius_graph_agrees_with_brute_force_on_grids(dim, data, cutoff):
    """On clouds with coordinates on a grid of spacing 1/2, in 1, 2 and 3 dimensions, with ties at the cutoff and coincident particles.

    Every distance is computed exactly here, so pairs at exactly the cutoff (excluded) and
    particles on top of each other (neighbours) are frequent; the edges must be the pairs of
    the brute-force search.

    Hint: |r_i - r_j| < cutoff strictly, over all dim coordinates, for i != j by index.
    """
    coordinates = data.draw(st.lists(grid_coordinates, min_size=N_PARTICLES * dim, max_size=N_PARTICLES * dim),
                            label="coordinates")
    positions = np.array(coordinates).reshape(N_PARTICLES, dim)
    _assert_same_pairs(_pairs(positions, cutoff), radius_pairs_oracle(positions, cutoff),
                       f"particles at {_show(positions)} with cutoff {cutoff}")


@pytest.mark.task("radius_graph")
@given(seed=seeds, permutation=st.permutations(range(N_PARTICLES)))
def test_radius_graph_is_symmetric_and_relabels_with_the_particles(seed, permutation):
    """Being neighbours is mutual, and calling particle i by the name pi(i) renames every edge (i, j) to (pi(i), pi(j)).

    Hint: include both (i, j) and (j, i) for every close pair (not only i < j), and let the
    graph depend on the positions alone.
    """
    positions, cutoff = _random_cloud(seed, 7, 0.5)
    pi = np.array(permutation)
    pairs = _pairs(positions, cutoff)
    one_way = sorted((i, j) for i, j in pairs if (j, i) not in pairs)
    assert not one_way, (f"6 random particles (seed {seed}) with cutoff {cutoff:.6g}: the edges {one_way} are present "
                         "but not their reverses (j, i)")
    relabelled = np.empty_like(positions)
    relabelled[pi] = positions  # particle i is now called pi[i]
    _assert_same_pairs(_pairs(relabelled, cutoff), {(int(pi[i]), int(pi[j])) for i, j in pairs},
                       f"6 random particles (seed {seed}) after renaming particle i to {pi.tolist()}[i]")


@pytest.mark.task("radius_graph")
def test_radius_graph_rejects_bad_arguments():
    """Positions are a matrix (N, dim) and the cutoff a positive distance: anything else is a ValueError.

    Hint: check positions.ndim == 2 and cutoff > 0; re-read "Raises".
    """
    call = functools.partial(assert_raises_value_error, gnn.radius_graph)
    call(np.zeros(4), 1.0, what="positions of shape (4,)")
    call(np.zeros((2, 4, 3)), 1.0, what="positions of shape (2, 4, 3)")
    call(np.zeros((4, 3)), 0.0, what="cutoff = 0")
    call(np.zeros((4, 3)), -1.0, what="cutoff = -1")
