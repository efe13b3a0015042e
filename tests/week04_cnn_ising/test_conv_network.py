"""Week 4, conv.py, task cnn_forward: the phase-classifier CNN (jax, NHWC).

The oracle (_conv_oracles.py) composes the periodic convolution oracle, tanh, the mean over
the lattice and the dense layer.  cnn_forward runs with the oracles in place of the
student's conv2d_periodic and pooling functions, so that a bug in a layer costs that layer's
task only.  Hypothesis draws seeds and offsets (values), never shapes, so that JAX compiles
for a few shapes only.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import example, given

from _conv_oracles import (B, GRADED_ORACLES, L, TOL, cnn_oracle, offsets, random_params, random_spins, seeds,
                           translation)
from autograder.checks import assert_close, assert_invariant, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

conv = submission_module("week04_cnn_ising", "conv.py")


def cnn_forward(params, spins):
    """The student's cnn_forward, calling the oracles instead of their convolution and pooling."""
    with conv.oracles(**GRADED_ORACLES):
        return conv.cnn_forward(params, spins)


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
    assert_close(cnn_forward(params, spins), expected, "logits of the centre-kernel CNN", **TOL)


@pytest.mark.task("cnn_forward")
@given(seed=seeds)
@example(seed=0)
def test_cnn_matches_composition_oracle(seed):
    """The logits equal the composition conv (periodic) -> tanh -> mean over sites -> dense.

    Random 3x3 kernel with 3 channels, 3 classes, a batch of 2 spin lattices 6x6 (integers +-1).

    Hint: the worked example has a centre-only kernel; a random 3x3 kernel also weighs the
    neighbours: h = tanh(conv2d_periodic(spins[..., None], conv_w, conv_b)), with conv_w as
    given, then the mean of h over the sites and the dense layer.
    """
    params = random_params(seed, n_classes=3)
    spins = random_spins(seed, (B, L, L))
    logits = assert_shape(cnn_forward(params, spins), (B, 3), "logits of 2 lattices, 3 classes")
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
    assert_invariant(lambda spins: cnn_forward(params, spins), spins, [translation(di, dj)],
                     "logits of the shifted spins vs unshifted", **TOL)


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
        log_probs = jax.nn.log_softmax(cnn_forward(p, spins), axis=-1)
        return -jnp.mean(log_probs[np.arange(B), labels])

    grads = jax.jit(jax.grad(loss))(params)
    for name, value in params.items():
        grad = assert_shape(grads[name], value.shape, f"gradient with respect to {name}")
        assert np.all(np.isfinite(grad)), f"the gradient with respect to {name} is not finite: {grad}"
        assert np.any(grad != 0), f"the gradient with respect to {name} is zero: no training signal reaches it"


@pytest.mark.task("cnn_forward")
def test_cnn_rejects_bad_shapes():
    """Spins without their batch axis, or parameters whose shapes do not fit together, raise ValueError.

    Hint: check spins.ndim == 3 and that dense_w is (C, n_classes) and dense_b (n_classes,),
    with C the channels of conv_w (conv2d_periodic checks the kernel itself); raise ValueError.
    """
    params, spins = random_params(0), random_spins(0, (B, L, L))
    cases = {
        "spins of shape (L, L) without the batch axis": (params, spins[0]),
        "a kernel conv_w of shape (3, 3, 2, 3) for one input channel": (
            {**params, "conv_w": np.ones((3, 3, 2, 3))}, spins),
        "dense_w of shape (4, 2) for the 3 channels of conv_w": ({**params, "dense_w": np.ones((4, 2))}, spins),
        "dense_b of shape (3,) for dense_w of shape (3, 2)": ({**params, "dense_b": np.ones(3)}, spins),
    }
    for what, (params, spins) in cases.items():
        with conv.oracles(**GRADED_ORACLES):
            assert_raises_value_error(conv.cnn_forward, params, spins, what=f"cnn_forward with {what}")
