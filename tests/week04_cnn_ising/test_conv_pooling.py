"""Week 4, conv.py, task pooling: max_pool2d, avg_pool2d and global_avg_pool (jax, NHWC).

The oracle (_conv_oracles.py) is an explicit loop over the pooling windows.  Hypothesis
draws seeds, offsets and window sizes that tile the 6x6 lattice.
"""

import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from _conv_oracles import B, C_OUT, L, TOL, normal, offsets, pool_oracle, roll, seeds, translation
from autograder.checks import (assert_close, assert_equivariant, assert_invariant, assert_raises_value_error,
                               assert_shape)
from autograder.submission import submission_module

conv = submission_module("week04_cnn_ising", "conv.py")

pool_sizes = st.sampled_from([2, 3])  # windows that tile the 6x6 lattice into several blocks


# ---------------------------------------------------------------------------------------
# pooling: max_pool2d, avg_pool2d, global_avg_pool
# ---------------------------------------------------------------------------------------

@pytest.mark.task("pooling")
def test_pooling_worked_example():
    """Pooling a 4x4 lattice by hand: windows 2x2, their max and their mean, the global mean.

    x = [[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8], [9, 7, 9, 3]] (one sample, one channel):
    max over the 2x2 windows [[9, 6], [9, 9]], their mean [[4.5, 3.25], [6, 6.25]], and the
    mean over the whole lattice 80 / 16 = 5.

    Hint: window (I, J) is the block x[2I:2I+2, 2J:2J+2] (side by side, no overlap):
    max_pool2d keeps its largest entry, avg_pool2d divides the sum of its k * k = 4 entries
    by 4, and global_avg_pool is the mean over all 16 sites of each sample and channel.
    """
    x = np.array([[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8], [9, 7, 9, 3]], float).reshape(1, 4, 4, 1)
    assert_close(conv.max_pool2d(x, 2), np.array([[9.0, 6.0], [9.0, 9.0]]).reshape(1, 2, 2, 1),
                 "max_pool2d of the 4x4 example with k = 2")
    assert_close(conv.avg_pool2d(x, 2), np.array([[4.5, 3.25], [6.0, 6.25]]).reshape(1, 2, 2, 1),
                 "avg_pool2d of the 4x4 example with k = 2")
    assert_close(conv.global_avg_pool(x), np.array([[5.0]]), "global_avg_pool of the 4x4 example")


@pytest.mark.task("pooling")
def test_pooling_shapes():
    """Pooling with k x k windows shrinks a (B, L, L, C) batch to (B, L/k, L/k, C); global to (B, C).

    B = 2, L = 6, C = 3 with k = 1, 2, 3, 6.

    Hint: non-overlapping windows (stride k), one output per window, channels kept.
    """
    x = normal(0, (B, L, L, C_OUT))
    for k in (1, 2, 3, 6):
        for name in ("max_pool2d", "avg_pool2d"):
            assert_shape(getattr(conv, name)(x, k), (B, L // k, L // k, C_OUT), f"{name}(x of shape {x.shape}, k = {k})")
    assert_shape(conv.global_avg_pool(x), (B, C_OUT), f"global_avg_pool(x of shape {x.shape})")


@pytest.mark.task("pooling")
@given(seed=seeds, k=pool_sizes)
def test_pooling_constant_maps(seed, k):
    """A uniform feature map pools to the same constant (each sample and channel its own).

    x[n, i, j, ch] = v[n, ch]: max_pool2d and avg_pool2d give v everywhere, global_avg_pool v.

    Hint: a uniform map has the same value in every window: the mean of a window divides
    its sum by its k * k sites, and every sample and channel keeps its own value.
    """
    v = normal(seed, (B, 1, 1, C_OUT))
    x = np.broadcast_to(v, (B, L, L, C_OUT))
    expected = np.broadcast_to(v, (B, L // k, L // k, C_OUT))
    assert_close(conv.max_pool2d(x, k), expected, f"max_pool2d of uniform maps, k = {k}", **TOL)
    assert_close(conv.avg_pool2d(x, k), expected, f"avg_pool2d of uniform maps, k = {k}", **TOL)
    assert_close(conv.global_avg_pool(x), v[:, 0, 0, :], "global_avg_pool of uniform maps", **TOL)


@pytest.mark.task("pooling")
@given(seed=seeds, k=pool_sizes)
def test_pooling_matches_window_oracle(seed, k):
    """Each output is the max / the mean of its own k x k window; global pooling the mean of all sites.

    Oracle: an explicit loop over the windows x[:, kI:kI+k, kJ:kJ+k, :].

    Hint: if you reshape, split each lattice axis into (L/k, k) in that order:
    (B, L/k, k, L/k, k, C), then reduce over the two window axes.
    """
    x = normal(seed, (B, L, L, C_OUT))
    assert_close(conv.max_pool2d(x, k), pool_oracle(x, k, np.max), f"max_pool2d vs window loop, k = {k}", **TOL)
    assert_close(conv.avg_pool2d(x, k), pool_oracle(x, k, np.mean), f"avg_pool2d vs window loop, k = {k}", **TOL)
    assert_close(conv.global_avg_pool(x), x.mean(axis=(1, 2)), "global_avg_pool vs mean over sites", **TOL)


@pytest.mark.task("pooling")
@given(seed=seeds, k=pool_sizes)
def test_max_pool_dominates_avg_pool(seed, k):
    """The largest value of a window is at least its mean: max_pool2d >= avg_pool2d entrywise.

    Hint: both use the same non-overlapping k x k windows.
    """
    x = normal(seed, (B, L, L, C_OUT))
    gap = np.asarray(conv.max_pool2d(x, k), float) - np.asarray(conv.avg_pool2d(x, k), float)
    assert np.all(gap >= -1e-12), (
        f"max_pool2d - avg_pool2d should be >= 0 everywhere (k = {k}), smallest value {gap.min():.6g}")


@pytest.mark.task("pooling")
@given(i=offsets, j=offsets, k=pool_sizes)
@example(i=5, j=0, k=2)
def test_pooling_single_up_spin(i, j, k):
    """One up spin among down spins: only the window that holds it pools to +1 (max) or 2/k^2 - 1 (mean).

    Spins -1 on a 6x6 lattice except +1 at (i, j): max_pool2d is +1 in window (i // k, j // k)
    and -1 elsewhere; avg_pool2d is (1 - (k^2 - 1)) / k^2 there and -1 elsewhere.

    Hint: window (I, J) holds the sites kI <= i < kI + k, kJ <= j < kJ + k.
    """
    x = -np.ones((1, L, L, 1))
    x[0, i, j, 0] = 1.0
    expected_max = -np.ones((1, L // k, L // k, 1))
    expected_max[0, i // k, j // k, 0] = 1.0
    expected_avg = -np.ones((1, L // k, L // k, 1))
    expected_avg[0, i // k, j // k, 0] = (2.0 - k * k) / (k * k)
    assert_close(conv.max_pool2d(x, k), expected_max, f"max_pool2d, up spin at ({i}, {j}), k = {k}", **TOL)
    assert_close(conv.avg_pool2d(x, k), expected_avg, f"avg_pool2d, up spin at ({i}, {j}), k = {k}", **TOL)


@pytest.mark.task("pooling")
@given(seed=seeds, k=pool_sizes, di=offsets, dj=offsets)
def test_pooling_commutes_with_translations_by_whole_windows(seed, k, di, dj):
    """Translating by whole windows commutes with pooling; global pooling ignores any translation.

    pool(roll(x, (k di, k dj)), k) = roll(pool(x, k), (di, dj)) for max and avg pooling, and
    global_avg_pool(roll(x, (di, dj))) = global_avg_pool(x).

    Hint: the windows tile the lattice from site (0, 0) without overlap.
    """
    x = normal(seed, (B, L, L, C_OUT))
    by_whole_windows = [(f"translation by ({k * di}, {k * dj}) sites, ({di}, {dj}) windows",
                         lambda x: roll(x, k * di, k * dj), lambda pooled: roll(pooled, di, dj))]
    for name in ("max_pool2d", "avg_pool2d"):
        pool = getattr(conv, name)
        assert_equivariant(lambda x: pool(x, k), x, by_whole_windows,
                           f"{name} of the shifted x vs the shifted {name} of x, k = {k}", **TOL)
    assert_invariant(conv.global_avg_pool, x, [translation(di, dj)], "global_avg_pool of the shifted x vs of x", **TOL)


@pytest.mark.task("pooling")
def test_pooling_rejects_bad_input():
    """Pool sizes that do not tile the lattice, and arrays that are not (B, L, L, C), raise ValueError.

    Hint: check that k >= 1, that k divides L and that x has 4 axes; raise ValueError.
    """
    x = normal(0, (B, L, L, C_OUT))
    for name in ("max_pool2d", "avg_pool2d"):
        pool = getattr(conv, name)
        assert_raises_value_error(pool, x, 4, what=f"{name} with k = 4 on a 6x6 lattice (4 does not divide 6)")
        assert_raises_value_error(pool, x, 0, what=f"{name} with k = 0")
        assert_raises_value_error(pool, x, -2, what=f"{name} with k = -2")
        assert_raises_value_error(pool, x[0], 2, what=f"{name} of x of shape (L, L, C) without the batch axis")
    assert_raises_value_error(conv.global_avg_pool, x[0],
                              what="global_avg_pool of x of shape (L, L, C) without the batch axis")
