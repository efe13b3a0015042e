"""Week 4, conv.py, task conv2d_periodic: convolution with periodic boundaries (jax, NHWC).

The oracle (_conv_oracles.py) is `jax.lax.conv_general_dilated` on a wrap-padded lattice.
Hypothesis draws seeds (values), never shapes, so that JAX compiles for a few shapes only.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import example, given

from _conv_oracles import B, C_IN, C_OUT, K, L, TOL, conv_oracle, normal, roll, seeds, translation
from autograder.checks import assert_close, assert_equivariant, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

conv = submission_module("week04_cnn_ising", "conv.py")


def conv_inputs(seed):
    """Lattices x (B, L, L, C_IN), kernel w (K, K, C_IN, C_OUT), bias b (C_OUT,): random, asymmetric."""
    return normal(seed, (B, L, L, C_IN)), normal(seed + 1, (K, K, C_IN, C_OUT)), normal(seed + 2, (C_OUT,))


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

    Hint: on a torus every site, on the edges too, sees K * K * Cin = 18 ones: sum over all
    kernel offsets and input channels, with indices taken modulo L (no padding with zeros).
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

    Hint: re-read the formula in the docstring: out[n, i, j, o] = b[o] + the sum over a, c
    and ch of x[n, (i + a - K//2) mod L, (j + c - K//2) mod L, ch] w[a, c, ch, o].
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
    every_shift = [(name, shift, shift) for name, shift in (translation(di, dj) for di in range(L) for dj in range(L))]
    assert_equivariant(lambda x: conv.conv2d_periodic(x, w, b), x, every_shift,
                       "conv of the shifted lattice vs the shifted conv", **TOL)


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
