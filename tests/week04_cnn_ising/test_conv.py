"""Week 4, conv.py: periodic convolution, pooling and the phase-classifier CNN (jax, NHWC).

Tasks: conv2d_periodic, pooling (max_pool2d, avg_pool2d, global_avg_pool), cnn_forward.
Oracles live in _conv_oracles.py: `jax.lax.conv_general_dilated` on a wrap-padded lattice,
an explicit loop over pooling windows, and their composition for the CNN.  Hypothesis draws
seeds and offsets (values), never shapes, so that JAX compiles for a few shapes only.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from _conv_oracles import (B, C_IN, C_OUT, K, L, cnn_oracle, conv_oracle, normal, pool_oracle,
                           random_params, random_spins)
from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

conv = submission_module("week04_cnn_ising", "conv.py")

seeds = st.integers(min_value=0, max_value=2**32 - 1)
offsets = st.integers(min_value=0, max_value=L - 1)
pool_sizes = st.sampled_from([2, 3])  # windows that tile the 6x6 lattice into several blocks

TOL = dict(rtol=1e-9, atol=1e-10)  # sums of a few dozen float64 products, exact to ~1e-14


def conv_inputs(seed):
    """Lattices x (B, L, L, C_IN), kernel w (K, K, C_IN, C_OUT), bias b (C_OUT,): random, asymmetric."""
    return normal(seed, (B, L, L, C_IN)), normal(seed + 1, (K, K, C_IN, C_OUT)), normal(seed + 2, (C_OUT,))


def roll(x, di, dj):
    """Translate lattices (..., L, L, C) on the torus: out[i, j] = x[i - di, j - dj]."""
    return np.roll(np.asarray(x), (di, dj), axis=(1, 2))


# ---------------------------------------------------------------------------------------
# conv2d_periodic
# ---------------------------------------------------------------------------------------

@pytest.mark.task("conv2d_periodic")
def test_conv_single_site_worked_example():
    """A single excited site at the corner of a 3x3 torus is seen by each site through one kernel entry.

    x = 1 at site (0, 0), 0 elsewhere; w = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]; b = 0.5.
    out[i, j] = b + w[a, c] with (i + a - 1, j + c - 1) = (0, 0) mod 3, i.e. a = (1 - i) mod 3
    and c = (1 - j) mod 3:
    site (0, 0) sees it through the centre w[1, 1] = 5, site (1, 1) through the upper
    left entry w[0, 0] = 1, site (2, 2) through w[2, 2] = 9 (its lower-right neighbour wraps
    around to (0, 0)).  Expected: [[5, 4, 6], [2, 1, 3], [8, 7, 9]] + 0.5.

    Hint: re-read the formula in the docstring: the kernel is not flipped (cross-correlation),
    w[K//2, K//2] weighs the site itself, and indices wrap around modulo L.
    """
    x = np.zeros((1, 3, 3, 1))
    x[0, 0, 0, 0] = 1.0
    w = np.arange(1.0, 10.0).reshape(3, 3, 1, 1)
    expected = np.array([[5.0, 4.0, 6.0], [2.0, 1.0, 3.0], [8.0, 7.0, 9.0]]) + 0.5
    out = conv.conv2d_periodic(x, w, np.array([0.5]))
    assert_close(out, expected.reshape(1, 3, 3, 1), "3x3 torus, x = 1 at (0, 0) only, kernel 1..9, bias 0.5")


@pytest.mark.task("conv2d_periodic")
def test_conv_uniform_lattice_has_no_border():
    """On a torus every site has a full neighbourhood: a uniform lattice gives a uniform output.

    x = 1 on every site and channel of a 6x6 lattice, w = 1 everywhere (3x3, 2 -> 3 channels),
    b = 0: every output is 3 * 3 * 2 = 18, on the edges as in the bulk.  Padding with zeros
    instead of wrapping around would give 12 on the edges and 8 in the corners.

    Hint: the indices are taken modulo L (periodic boundaries); do not pad with zeros.
    """
    out = conv.conv2d_periodic(np.ones((B, L, L, C_IN)), np.ones((K, K, C_IN, C_OUT)), np.zeros(C_OUT))
    assert_close(out, np.full((B, L, L, C_OUT), 18.0), "uniform lattice, all-ones 3x3 kernel, 2 channels")


@pytest.mark.task("conv2d_periodic")
def test_conv_centred_delta_kernel_is_identity():
    """A kernel that only weighs the site itself (w[K//2, K//2] = identity) copies the lattice.

    K = 5, 2 -> 2 channels, w[2, 2] = identity matrix, all other entries 0, b = 0.

    Hint: w[K//2, K//2] must multiply x at the same site (i, j): the offset is a - K//2.
    """
    x = normal(1, (B, L, L, 2))
    w = np.zeros((5, 5, 2, 2))
    w[2, 2] = np.eye(2)
    assert_close(conv.conv2d_periodic(x, w, np.zeros(2)), x, "centred delta kernel (K = 5) applied to a lattice", **TOL)


@pytest.mark.task("conv2d_periodic")
def test_conv_offcentre_delta_kernel_translates():
    """A kernel with a single entry at (a, c) reads the site displaced by (a - K//2, c - K//2).

    K = 5, 2 -> 2 channels, w[a, c] = identity matrix for one (a, c), all else 0, b = 0:
    out[n, i, j] = x[n, (i + a - 2) mod L, (j + c - 2) mod L] for each of the 25 positions
    (a, c).  A flipped kernel (true convolution) reads (i - a + 2, j - c + 2) instead, a
    transposed kernel (j + a - 2, i + c - 2).

    Hint: re-read the formula: row offset a - K//2 with the kernel row a, column offset
    c - K//2 with the kernel column c, and no flip.
    """
    x = normal(2, (B, L, L, 2))
    for a in range(5):
        for c in range(5):
            w = np.zeros((5, 5, 2, 2))
            w[a, c] = np.eye(2)
            expected = roll(x, 2 - a, 2 - c)  # expected[i, j] = x[i + a - 2, j + c - 2]
            assert_close(conv.conv2d_periodic(x, w, np.zeros(2)), expected,
                         f"delta kernel at (a, c) = ({a}, {c}) of a 5x5 kernel", **TOL)


@pytest.mark.task("conv2d_periodic")
def test_conv_channels_and_batch():
    """Channels superpose and samples are independent: out = b + sum over Cin of 1-channel layers.

    With 2 -> 3 channels and a batch of 2: (1) a 1x1 kernel mixes the channels of each site,
    out = x @ w[0, 0] + b; (2) the output equals b plus the sum over input channels ch of the
    layer applied to channel ch alone with w[:, :, ch:ch+1, :]; (3) output channel o depends
    only on w[..., o] and b[o]; (4) sample n depends only on x[n].

    Hint: w[a, c] is a (Cin, Cout) matrix that maps the Cin channels of x at the displaced
    site to the Cout output channels; sum over the input channels, and add b once.
    """
    x, w, b = conv_inputs(3)
    pointwise = normal(6, (1, 1, C_IN, C_OUT))
    assert_close(conv.conv2d_periodic(x, pointwise, b), x @ pointwise[0, 0] + b,
                 "1x1 kernel: out[n, i, j] = x[n, i, j] @ w[0, 0] + b", **TOL)
    out = assert_shape(conv.conv2d_periodic(x, w, b), (B, L, L, C_OUT), "output of a 2 -> 3 channel layer")
    per_channel = sum(np.asarray(conv.conv2d_periodic(x[..., ch:ch + 1], w[:, :, ch:ch + 1, :], np.zeros(C_OUT)))
                      for ch in range(C_IN))
    assert_close(out, per_channel + b, "the layer equals b + the sum of the 1-input-channel layers", **TOL)
    for o in range(C_OUT):
        only_o = np.arange(C_OUT) == o
        alone = conv.conv2d_periodic(x, w * only_o, b * only_o)
        assert_close(alone, out * only_o, f"the layer with every output channel but {o} switched off", **TOL)
    for n in range(B):
        only_n = (np.arange(B) == n)[:, None, None, None]
        alone = conv.conv2d_periodic(x * only_n, w, b)
        assert_close(alone, np.where(only_n, out, b), f"the layer with every sample but {n} set to zero", **TOL)


@pytest.mark.task("conv2d_periodic")
@given(seed=seeds)
@example(seed=0)
def test_conv_matches_lax_oracle(seed):
    """The layer equals jax.lax.conv_general_dilated on a lattice padded by wrapping around.

    Random (asymmetric) 3x3 kernel, 2 -> 3 channels, batch of 2 lattices 6x6, random bias;
    the oracle pads each lattice with K//2 rows and columns copied from the opposite side.

    Hint: cross-correlation, not convolution: x[i + a - K//2, j + c - K//2] * w[a, c].
    """
    x, w, b = conv_inputs(seed)
    assert_close(conv.conv2d_periodic(x, w, b), conv_oracle(x, w, b), "periodic conv layer vs lax oracle", **TOL)


@pytest.mark.task("conv2d_periodic")
def test_conv_translation_equivariance():
    """Translating the lattice on the torus translates the feature maps by the same amount.

    For every shift (di, dj) of a 6x6 lattice: conv(roll(x, (di, dj))) = roll(conv(x), (di, dj)).
    This holds only with periodic boundaries: zero padding breaks it at the edges.

    Hint: periodic boundaries: indices are taken modulo L, with no zero padding.
    """
    x, w, b = conv_inputs(2027)
    out = np.asarray(conv.conv2d_periodic(x, w, b))
    for di in range(L):
        for dj in range(L):
            assert_close(conv.conv2d_periodic(roll(x, di, dj), w, b), roll(out, di, dj),
                         f"conv of the lattice shifted by ({di}, {dj}) vs the shifted conv", **TOL)


@pytest.mark.task("conv2d_periodic")
def test_conv_gradients():
    """Backpropagation works through the layer: jax.jit(jax.grad) matches the lax oracle's gradient.

    Scalar s = sum(out * R) with a random R; gradients with respect to the kernel w and the bias b.

    Hint: build the layer from jax.numpy only (no numpy calls, no in-place writes into a
    numpy array), so that jax.grad and jax.jit can trace it.
    """
    x, w, b = conv_inputs(4)
    weights = normal(7, (B, L, L, C_OUT))

    def gradients(layer):
        return jax.grad(lambda w, b: jnp.sum(layer(x, w, b) * weights), argnums=(0, 1))(jnp.asarray(w), jnp.asarray(b))

    expected = gradients(conv_oracle)
    for name, grad, want in zip(("w", "b"), jax.jit(gradients, static_argnums=0)(conv.conv2d_periodic), expected):
        assert_close(grad, want, f"d sum(out * R) / d{name}", **TOL)


@pytest.mark.task("conv2d_periodic")
def test_conv_rejects_bad_shapes():
    """Shapes that do not make a convolution raise ValueError.

    Even kernel (2x2, no centre), non-square kernel (3x5), input channels of x and w that
    differ, a bias of the wrong length, x without its batch or channel axis, a 3-d kernel.

    Hint: check the shapes at the top of the function and raise ValueError with a message.
    """
    x, w, b = conv_inputs(0)
    cases = {
        "an even kernel size K = 2": (x, np.ones((2, 2, C_IN, C_OUT)), b),
        "a non-square 3x5 kernel": (x, np.ones((3, 5, C_IN, C_OUT)), b),
        "x with 3 channels for a kernel with Cin = 2": (np.ones((B, L, L, 3)), w, b),
        "a bias of length 2 for Cout = 3": (x, w, np.zeros(2)),
        "x of shape (L, L, Cin) without the batch axis": (x[0], w, b),
        "a kernel of shape (K, K, Cout) without the Cin axis": (x, w[:, :, 0, :], b),
    }
    for what, args in cases.items():
        assert_raises_value_error(conv.conv2d_periodic, *args, what=f"conv2d_periodic with {what}")


# ---------------------------------------------------------------------------------------
# pooling: max_pool2d, avg_pool2d, global_avg_pool
# ---------------------------------------------------------------------------------------

@pytest.mark.task("pooling")
def test_pooling_worked_example():
    """Pooling a 4x4 lattice by hand: windows 2x2, their max and their mean, the global mean.

    x = [[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8], [9, 7, 9, 3]] (one sample, one channel):
    max over the 2x2 windows [[9, 6], [9, 9]], their mean [[4.5, 3.25], [6, 6.25]], and the
    mean over the whole lattice 80 / 16 = 5.

    Hint: the windows are the blocks x[2I:2I+2, 2J:2J+2], side by side without overlap.
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

    Hint: the mean of a window divides by the number of sites in it, k * k.
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
    for name in ("max_pool2d", "avg_pool2d"):
        pool = getattr(conv, name)
        assert_close(pool(roll(x, k * di, k * dj), k), roll(pool(x, k), di, dj),
                     f"{name} of x shifted by ({k * di}, {k * dj}) vs {name} of x shifted by ({di}, {dj}), k = {k}",
                     **TOL)
    assert_close(conv.global_avg_pool(roll(x, di, dj)), conv.global_avg_pool(x),
                 f"global_avg_pool of x shifted by ({di}, {dj}) vs of x", **TOL)


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


# ---------------------------------------------------------------------------------------
# cnn_forward
# ---------------------------------------------------------------------------------------

@pytest.mark.task("cnn_forward")
def test_cnn_worked_example():
    """With a centre-only kernel the CNN reads the magnetization: g = (m tanh 1, tanh 0.5, 0).

    Two 6x6 lattices: all up (m = 1) and one row down (m = 2/3).  Channel 0 has kernel 1 at
    the centre and bias 0, so tanh(conv) = tanh(1) s and its mean is m tanh(1); channel 1 has
    a zero kernel and bias 0.5, so its mean is tanh(0.5); channel 2 is off (zero kernel and
    bias, tanh(0) = 0).  dense_w = [[1, 2], [3, 4], [5, 6]], dense_b = [0.1, -0.1]:
    logits = (m t1 + 3 t05 + 0.1, 2 m t1 + 4 t05 - 0.1).

    Hint: conv2d_periodic -> tanh -> global_avg_pool -> dense, in that order; the dense layer is
    g @ dense_w + dense_b.
    """
    spins = np.ones((B, L, L), dtype=np.int64)
    spins[1, 0, :] = -1  # one row of down spins: m = 2/3
    conv_w = np.zeros((3, 3, 1, 3))
    conv_w[1, 1, 0, 0] = 1.0
    params = {"conv_w": conv_w, "conv_b": np.array([0.0, 0.5, 0.0]),
              "dense_w": np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), "dense_b": np.array([0.1, -0.1])}
    t1, t05 = np.tanh(1.0), np.tanh(0.5)
    m = np.array([1.0, 2.0 / 3.0])
    expected = np.stack([m * t1 + 3 * t05 + 0.1, 2 * m * t1 + 4 * t05 - 0.1], axis=1)
    assert_close(conv.cnn_forward(params, spins), expected, "logits of the centre-kernel CNN", **TOL)


@pytest.mark.task("cnn_forward")
@given(seed=seeds)
@example(seed=0)
def test_cnn_matches_composition_oracle(seed):
    """The logits equal the composition conv (periodic) -> tanh -> mean over sites -> dense.

    Random 3x3 kernel with 3 channels, 3 classes, a batch of 2 spin lattices 6x6 (integers +-1).

    Hint: apply tanh to the feature maps before averaging them over the lattice, and average
    (not max) over the sites.
    """
    params = random_params(seed, n_classes=3)
    spins = random_spins(seed, (B, L, L))
    logits = assert_shape(conv.cnn_forward(params, spins), (B, 3), "logits of 2 lattices, 3 classes")
    assert_close(logits, cnn_oracle(params, spins), "CNN logits vs the composition oracle", **TOL)


@pytest.mark.task("cnn_forward")
@given(seed=seeds, di=offsets, dj=offsets)
@example(seed=0, di=1, dj=3)
def test_cnn_translation_invariance(seed, di, dj):
    """A translated spin configuration is the same physical state: the logits do not change.

    cnn_forward(params, roll(spins, (di, dj))) = cnn_forward(params, spins) on the torus.

    Hint: periodic convolution (equivariant) followed by a global average (invariant).
    """
    params = random_params(seed)
    spins = random_spins(seed, (B, L, L))
    shifted = np.roll(spins, (di, dj), axis=(1, 2))
    assert_close(conv.cnn_forward(params, shifted), conv.cnn_forward(params, spins),
                 f"logits of the spins shifted by ({di}, {dj}) vs unshifted", **TOL)


@pytest.mark.task("cnn_forward")
def test_cnn_gradients_flow():
    """The CNN can be trained: jax.jit(jax.grad(cross-entropy)) is finite and nonzero for every parameter.

    Cross-entropy of softmax(logits) with labels (0, 1) on two random 6x6 spin lattices.

    Hint: use jax.numpy throughout (no numpy calls on the activations) so that jax.grad and
    jax.jit can trace the forward pass.
    """
    params = {name: jnp.asarray(value) for name, value in random_params(7).items()}
    spins = random_spins(7, (B, L, L))
    labels = np.array([0, 1])

    def loss(p):
        log_probs = jax.nn.log_softmax(conv.cnn_forward(p, spins), axis=-1)
        return -jnp.mean(log_probs[np.arange(B), labels])

    grads = jax.jit(jax.grad(loss))(params)
    for name, value in params.items():
        grad = assert_shape(grads[name], value.shape, f"gradient with respect to {name}")
        assert np.all(np.isfinite(grad)), f"the gradient with respect to {name} is not finite: {grad}"
        assert np.any(grad != 0), f"the gradient with respect to {name} is zero: no training signal reaches it"


@pytest.mark.task("cnn_forward")
def test_cnn_rejects_unbatched_spins():
    """A single lattice without its batch axis is rejected: spins must be (B, L, L).

    Hint: check spins.ndim == 3 (or let conv2d_periodic reject the wrong rank) and raise ValueError.
    """
    assert_raises_value_error(conv.cnn_forward, random_params(0), random_spins(0, (L, L)),
                              what="cnn_forward with spins of shape (L, L)")
