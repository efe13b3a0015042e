"""Week 12, task egnn_layer: one layer of an E(n)-equivariant graph neural network.

Most mistakes in an EGNN layer keep it equivariant (a missing 1/(N-1), pairs i = j in the
sums, |x_i - x_j| instead of its square, x_j - x_i, a dropped residual), so the layer is
first compared with the test's own version (_equivariance_oracles.py, explicit loops over
the ordered pairs) on a worked example and on random inputs; the symmetries come after:
rotations and reflections (EGNN is E(3)-, not only SE(3)-equivariant), translations and
relabelling, checked to 1e-10 with the test's own orthogonal matrices.  Random tests use
N = 5 atoms, F = 4 features and M = 6 message channels.
"""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _equivariance_oracles import (MIRROR_Z, QUARTER_TURN_Z, describe, egnn_inputs, egnn_oracle, egnn_params,
                                   orthogonal_matrices, seeds, translations)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_equivariant, assert_gradient, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager_once

equivariance = submission_module("week12_equivariance", "equivariance.py")


def layer(params, h, x):
    """The student's (h', x') as numpy arrays, checked to be a pair of the input shapes.

    The layer is compiled once per shape where JAX traces it (the random tests share one),
    and called as written where it does not.
    """
    result = traced_or_eager_once(equivariance.egnn_layer)(params, h, x)
    assert result is not None and len(result) == 2, (
        f"egnn_layer must return the pair (h_new, x_new), got {type(result).__name__}")
    h_new, x_new = (np.asarray(a, dtype=float) for a in result)
    assert h_new.shape == np.shape(h) and x_new.shape == np.shape(x), (
        f"egnn_layer must return h_new of shape {np.shape(h)} and x_new of shape {np.shape(x)}, "
        f"got {h_new.shape} and {x_new.shape}")
    return h_new, x_new


def silu(z):
    return z / (1 + math.exp(-z))


@pytest.mark.task("egnn_layer")
def test_egnn_worked_example_two_atoms():
    """Two atoms, one feature, one message channel, worked out by hand.

    h = [0, 1], x_0 = (0, 0, 0), x_1 = (2, 0, 0), so |x_0 - x_1|^2 = 4; w_e = [1, 0, 0.5]
    (weights of h_i, h_j, |x_i - x_j|^2), b_e = 0, w_x = 0.5, w_h = [1, 1], b_h = -1:

        m_01 = silu(h_0 + 0.5 * 4) = silu(2),   m_10 = silu(h_1 + 0.5 * 4) = silu(3);
        x'_0 = x_0 + (x_0 - x_1) 0.5 m_01 = (-silu(2), 0, 0) = (-1.76159, 0, 0),
        x'_1 = x_1 + (x_1 - x_0) 0.5 m_10 = (2 + silu(3), 0, 0) = (4.85772, 0, 0);
        h'_0 = 0 + silu(0 + m_01 - 1) = 0.51918,   h'_1 = 1 + silu(1 + m_10 - 1) = 3.70260.

    Hint: m_ij takes concat[h_i, h_j, |x_i - x_j|^2] with the receiver i first and the squared
    distance (no square root); x_i moves along x_i - x_j; both updates add to the old values
    (residuals); the pairs i = j are left out.
    """
    params = {"w_e": np.array([[1.0], [0.0], [0.5]]), "b_e": np.zeros(1), "w_x": np.array([[0.5]]),
              "w_h": np.array([[1.0], [1.0]]), "b_h": np.array([-1.0])}
    h, x = np.array([[0.0], [1.0]]), np.array([[0.0, 0.0, 0.0], [2.0, 0.0, 0.0]])
    m01, m10 = silu(2.0), silu(3.0)
    h_new, x_new = layer(params, h, x)
    assert_close(x_new, [[-m01, 0.0, 0.0], [2.0 + m10, 0.0, 0.0]], "x' of the two-atom example", rtol=1e-12)
    assert_close(h_new, [[silu(m01 - 1)], [1.0 + silu(m10)]], "h' of the two-atom example", rtol=1e-12)


@pytest.mark.task("egnn_layer")
@given(seed=seeds)
@example(seed=0)
def test_egnn_agrees_with_the_pair_loops(seed):
    """For random weights, features and positions of 5 atoms, (h', x') equal the definition evaluated pair by pair.

    Hint: the mean over the N - 1 other atoms (divide by N - 1) in x', a plain sum of m_ij over
    j != i in h', silu on both, and residuals x_i and h_i; write m_ij with j as the second index
    and sum over j (axis=1).
    """
    params = egnn_params(seed)
    h, x = egnn_inputs(seed + 1)
    h_expected, x_expected = egnn_oracle(params, h, x)
    h_new, x_new = layer(params, h, x)
    assert_close(x_new, x_expected, f"x' of a random EGNN layer (seed {seed})", rtol=1e-10, atol=1e-12)
    assert_close(h_new, h_expected, f"h' of a random EGNN layer (seed {seed})", rtol=1e-10, atol=1e-12)


@pytest.mark.task("egnn_layer")
@given(seed=seeds, R=orthogonal_matrices, t=translations)
@example(seed=0, R=MIRROR_Z, t=np.array([1.0, -2.0, 0.5]))
@example(seed=1, R=QUARTER_TURN_Z, t=np.zeros(3))
def test_egnn_is_e3_equivariant(seed, R, t):
    """EGNN is E(3)-equivariant: under x -> x R^T + t (rotations and reflections) h' is unchanged and x' moves the same way.

    Both to 1e-10, for random weights and inputs.

    Hint: messages may depend on positions only through |x_i - x_j|^2, and positions may move
    only along relative vectors x_i - x_j; absolute coordinates break the symmetry.
    """
    params = egnn_params(seed)
    h, x = egnn_inputs(seed + 1)
    motion = f"{describe(R)} and t = {np.round(t, 3).tolist()}"
    assert_equivariant(lambda y: layer(params, h, y)[0], x, [(motion, lambda y: y @ R.T + t, lambda out: out)],
                       "the features h' are invariant", rtol=0, atol=1e-10)
    assert_equivariant(lambda y: layer(params, h, y)[1], x, [(motion, lambda y: y @ R.T + t, lambda out: out @ R.T + t)],
                       "the positions x' transform like the input positions", rtol=0, atol=1e-10)


@pytest.mark.task("egnn_layer")
@given(seed=seeds, t=translations)
@example(seed=2, t=np.array([10.0, -20.0, 5.0]))
def test_egnn_translation_moves_only_positions(seed, t):
    """Shifting every atom by t shifts x' by t and leaves h' unchanged.

    Hint: the update of x_i adds only relative vectors x_i - x_j to x_i, and the messages see
    only distances.
    """
    params = egnn_params(seed)
    h, x = egnn_inputs(seed + 1)
    h_new, x_new = layer(params, h, x)
    h_moved, x_moved = layer(params, h, x + t)
    what = f"after the translation t = {np.round(t, 3).tolist()}"
    assert_close(h_moved, h_new, f"h' {what}", rtol=0, atol=1e-10)
    assert_close(x_moved, x_new + t, f"x' {what}", rtol=0, atol=1e-10)


@pytest.mark.task("egnn_layer")
@given(seed=seeds, permutation=st.permutations(range(5)))
@example(seed=3, permutation=[1, 2, 3, 4, 0])
def test_egnn_relabelling_atoms_relabels_the_outputs(seed, permutation):
    """The graph is fully connected and has no atom order: permuting the atoms (rows of h and x) permutes h' and x'.

    Hint: sum over all other atoms j, with no index-dependent weights or masks other than i != j.
    """
    params = egnn_params(seed)
    h, x = egnn_inputs(seed + 1)
    p = list(permutation)
    h_new, x_new = layer(params, h, x)
    h_perm, x_perm = layer(params, h[p], x[p])
    assert_close(h_perm, h_new[p], f"h' after relabelling the atoms by {p}", rtol=1e-10, atol=1e-12)
    assert_close(x_perm, x_new[p], f"x' after relabelling the atoms by {p}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("egnn_layer")
def test_egnn_compiles_and_is_differentiable():
    """The notebook trains through the layer: it must run under jax.jit and have exact, finite gradients in x, h and params.

    The gradient of s = sum(h' * a) + sum(x' * b) (fixed random a, b) by jax.jit(jax.grad(s))
    is compared with central differences along random directions.

    Hint: use jax.numpy throughout; the squared distance needs no square root, whose gradient
    at the pairs i = j (distance 0) would be nan even if those pairs are masked afterwards.
    """
    seed = 4
    params = egnn_params(seed)
    h, x = egnn_inputs(seed + 1)
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=h.shape), rng.normal(size=x.shape)

    def score(params_, h_, x_):
        h_new, x_new = equivariance.egnn_layer(params_, h_, x_)
        return jnp.sum(h_new * a) + jnp.sum(x_new * b)

    try:
        compiled = jax.jit(equivariance.egnn_layer)(params, h, x)
        gradients = jax.jit(jax.grad(score, argnums=(0, 1, 2)))(params, h, x)
    except Exception as error:  # noqa: BLE001 - a layer that jax cannot trace is the failure
        raise AssertionError(f"egnn_layer failed under jax.jit or jax.grad: "
                             f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
    h_new, x_new = layer(params, h, x)
    assert_close(compiled[0], h_new, "h' under jax.jit vs called directly", rtol=1e-12, atol=1e-12)
    assert_close(compiled[1], x_new, "x' under jax.jit vs called directly", rtol=1e-12, atol=1e-12)
    names = sorted(params)
    d_params, d_h, d_x = gradients
    s = jax.jit(score)  # one compile serves every central difference
    assert_gradient(lambda x_: float(s(params, h, x_)), x, d_x, "the gradient of s with respect to x", rng=rng)
    assert_gradient(lambda h_: float(s(params, h_, x)), h, d_h, "the gradient of s with respect to h", rng=rng)
    assert_gradient(lambda *w: float(s(dict(zip(names, w)), h, x)), [params[k] for k in names],
                    [d_params[k] for k in names], "the gradient of s with respect to the weights", rng=rng)


@pytest.mark.task("egnn_layer")
def test_egnn_rejects_bad_input():
    """Positions that are not (N, 3), features without one row per atom, or a single atom (N < 2) raise ValueError.

    Hint: check x.shape == (N, 3), h.ndim == 2 and h.shape[0] == N, and N >= 2 (the mean over
    the N - 1 other atoms needs another atom); re-read "Raises".
    """
    params = egnn_params(0)
    h, x = egnn_inputs(1)
    for what, args in [("x of shape (5, 2)", (h, x[:, :2])), ("x of shape (15,)", (h, x.ravel())),
                       ("h with 4 rows for 5 atoms", (h[:4], x)), ("h of shape (20,)", (h.ravel(), x)),
                       ("a single atom (N = 1)", (h[:1], x[:1]))]:
        assert_raises_value_error(equivariance.egnn_layer, params, *args, what=what)
