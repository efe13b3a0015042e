"""Week 6, hamiltonian.py, task hnn_loss: the loss of a Hamiltonian neural network.

Oracles (_hamiltonian_oracles.py): the closed-form loss of a quadratic Hamiltonian
H = z^T A z / 2, whose vector field is the linear map J A z; exact derivatives of pendula;
a small tanh network H_theta for the gradient with respect to the parameters.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from _hamiltonian_oracles import (BATCH, D, FEW_EXAMPLES, mlp_H, quadratic_H, quadratic_loss_oracle,
                                  random_mlp_params, random_quadratic_problem, seeds, traceable_vector_field)
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import assert_close, assert_gradient, assert_raises_value_error
from autograder.submission import submission_module
from autograder.tracing import traced_or_eager

hamiltonian = submission_module("week06_autodiff", "hamiltonian.py")


def _loss(H_fn, params, q, p, dq_dt, dp_dt):
    """The student's loss as a float, checked to be a single number (compiled where it can be)."""
    loss = np.asarray(_submitted(H_fn, hamiltonian.hnn_loss, hamiltonian.hamiltonian_vector_field, grad=False)(
        params, q, p, dq_dt, dp_dt), dtype=float)
    assert loss.shape == (), f"hnn_loss must return a scalar, got an array of shape {loss.shape}"
    return float(loss)


@functools.cache
def _submitted(H_fn, hnn_loss, vector_field, grad):
    """The submitted loss of H_fn as a function of (params, q, p, dq_dt, dp_dt), or its gradient in params.

    Keyed by the functions in use: the module's vector field is the oracle inside the tests'
    `oracles` block, and a batch grading runs many submissions in one process.
    """
    def loss(params, *batch):
        return hnn_loss(H_fn, params, *batch)

    return traced_or_eager(jax.grad(loss) if grad else loss)


def scaled_oscillator(params, q, p):
    """H = a |p|^2 / 2 + b |q|^2 / 2 with params = (a, b)."""
    a, b = params
    return 0.5 * a * jnp.sum(p**2) + 0.5 * b * jnp.sum(q**2)


def coupled_pendula(params, q, p):
    """H = |p|^2 / 2 + sum(1 - cos q) + k q1 q2 with params = {"k": k}: two pendula joined by a spring-like term."""
    return 0.5 * jnp.sum(p**2) + jnp.sum(1.0 - jnp.cos(q)) + params["k"] * q[0] * q[1]


@pytest.mark.task("hnn_loss")
@hamiltonian.oracles(hamiltonian_vector_field=traceable_vector_field)
def test_hnn_loss_worked_example():
    """A mismatched oscillator H = 2 |p|^2/2 + 3 |q|^2/2 on data of the true one (dq/dt = p, dp/dt = -q) has loss 7.

    Its field is (2p, -3q); the residuals are (p, -2q), so sample b contributes |p_b|^2 + 4 |q_b|^2:
    q_1 = (1, 0), p_1 = (1, 1) give 2 + 4 = 6; q_2 = (0, -1), p_2 = (0, 2) give 4 + 4 = 8.
    The loss is their mean over the batch, (6 + 8) / 2 = 7 (a sum over the batch gives 14, a
    mean over all 8 components 1.75).

    Hint: sum the squared errors over the 2d components of each sample, then average over the
    batch; the prediction is the Hamiltonian vector field (dH/dp, -dH/dq), not grad H.
    """
    q = np.array([[1.0, 0.0], [0.0, -1.0]])
    p = np.array([[1.0, 1.0], [0.0, 2.0]])
    loss = _loss(scaled_oscillator, (2.0, 3.0), q, p, p, -q)
    assert abs(loss - 7.0) <= 1e-12, f"the loss of H = 2|p|^2/2 + 3|q|^2/2 on this batch is 7, got {loss:.10g}"


@pytest.mark.task("hnn_loss")
@FEW_EXAMPLES
@given(seed=seeds, k=st.floats(-0.5, 0.5))
@example(seed=0, k=0.3)
@hamiltonian.oracles(hamiltonian_vector_field=traceable_vector_field)
def test_hnn_loss_vanishes_for_the_true_hamiltonian(seed, k):
    """The Hamiltonian that generated the data explains it exactly: the loss of coupled pendula on their own derivatives is 0.

    Data: dq/dt = p and dp/dt = -(sin q + k (q2, q1)), the exact Hamilton's equations of
    H = |p|^2/2 + sum(1 - cos q) + k q1 q2.

    Hint: predict (dH/dp, -dH/dq) with the minus sign on dp/dt, and compare dq/dt with dq_dt and
    dp/dt with dp_dt.
    """
    rng = np.random.default_rng(seed)
    q, p = rng.uniform(-2, 2, (BATCH, D)), rng.uniform(-2, 2, (BATCH, D))
    dp_dt = -(np.sin(q) + k * q[:, ::-1])
    loss = _loss(coupled_pendula, {"k": k}, q, p, p, dp_dt)
    assert abs(loss) <= 1e-20, f"the loss of the true Hamiltonian (k = {k:.4g}) on exact derivatives is {loss:.3g}, not 0"


@pytest.mark.task("hnn_loss")
@given(seed=seeds)
@example(seed=1)
@hamiltonian.oracles(hamiltonian_vector_field=traceable_vector_field)
def test_hnn_loss_of_a_quadratic_hamiltonian(seed):
    """For a quadratic H = z^T A z / 2, z = (q, p), the loss is the mean over samples of |J A z_b - (dq_dt_b, dp_dt_b)|^2.

    Random symmetric A, batch of 6 samples in d = 2 with random targets.

    Hint: mean over the batch of the squared error summed over the 2d components; params is
    passed to H_fn unchanged (here the dict {"A": A}).
    """
    params, (q, p, dq_dt, dp_dt) = random_quadratic_problem(seed)
    expected = float(quadratic_loss_oracle(params, q, p, dq_dt, dp_dt))
    loss = _loss(quadratic_H, params, q, p, dq_dt, dp_dt)
    assert_close(loss, expected, f"the loss for a random quadratic H (seed {seed})", rtol=1e-10, atol=1e-12)


@pytest.mark.task("hnn_loss")
@FEW_EXAMPLES
@given(seed=seeds)
@hamiltonian.oracles(hamiltonian_vector_field=traceable_vector_field)
def test_hnn_loss_is_a_mean_over_the_batch(seed):
    """The loss is an average over samples: a batch split in two has the size-weighted mean of the two losses.

    Hint: divide by the number of samples B (jnp.mean over the batch axis, after summing over
    the components), so that the loss does not grow with the batch.
    """
    params, batch = random_quadratic_problem(seed)
    split = 2
    whole = _loss(quadratic_H, params, *batch)
    first = _loss(quadratic_H, params, *(a[:split] for a in batch))
    second = _loss(quadratic_H, params, *(a[split:] for a in batch))
    expected = (split * first + (BATCH - split) * second) / BATCH
    assert_close(whole, expected, f"loss of {BATCH} samples vs the weighted mean of its first {split} and "
                 f"last {BATCH - split}", rtol=1e-10, atol=1e-12)


@pytest.mark.task("hnn_loss")
@FEW_EXAMPLES
@given(seed=seeds)
@hamiltonian.oracles(hamiltonian_vector_field=traceable_vector_field)
def test_hnn_loss_is_differentiable_in_the_parameters(seed):
    """Training needs jax.grad of the loss with respect to the network's parameters: finite and correct.

    H_theta is a small tanh network (params a list of arrays); the directional derivative of the
    loss along a random direction of parameter space from jax.grad must match central differences.

    Hint: write the loss with jax.numpy only (no float(), no numpy), so that jax.grad can trace
    it, and pass params through to H_fn unchanged.
    """
    params = random_mlp_params(seed)
    rng = np.random.default_rng(seed + 1)
    batch = [rng.normal(size=(BATCH, D)) for _ in range(4)]
    try:
        grads = _submitted(mlp_H, hamiltonian.hnn_loss, hamiltonian.hamiltonian_vector_field, grad=True)(params, *batch)
    except Exception as error:  # noqa: BLE001 - a loss that jax cannot differentiate is the failure
        raise AssertionError(f"jax.grad of hnn_loss with respect to params failed: "
                             f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
    flat = np.concatenate([np.ravel(np.asarray(g, dtype=float)) for g in grads])
    assert np.all(np.isfinite(flat)), f"jax.grad of hnn_loss with respect to params is not finite: {flat}"
    assert_gradient(lambda *theta: _loss(mlp_H, list(theta), *batch), params, list(grads),
                    "the derivative of the loss along a random direction of parameter space "
                    "(jax.grad vs central differences)", rng=rng, n_directions=1, eps=1e-5, rtol=1e-6, atol=1e-8)


@pytest.mark.task("hnn_loss")
@hamiltonian.oracles(hamiltonian_vector_field=traceable_vector_field)
def test_hnn_loss_rejects_mismatched_shapes():
    """Coordinates, momenta and their derivatives must describe the same batch of states: ValueError otherwise.

    Hint: check that q is (B, d) and that p, dq_dt and dp_dt have exactly its shape; re-read "Raises".
    """
    good = np.zeros((4, 2))
    for name, index in [("p", 1), ("dq_dt", 2), ("dp_dt", 3)]:
        for shape in [(4, 3), (3, 2)]:
            arrays = [good] * 4
            arrays[index] = np.zeros(shape)
            assert_raises_value_error(hamiltonian.hnn_loss, scaled_oscillator, (1.0, 1.0), *arrays,
                                      what=f"q of shape (4, 2) with {name} of shape {shape}")
