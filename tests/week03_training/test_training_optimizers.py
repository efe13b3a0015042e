"""Week 3, training.py: Adam, shuffled minibatches and softmax regression trained by SGD.

Adam is checked against its closed form for the first steps and against an oracle loop;
the minibatches against the one permutation that the docstring pins; the training loop
against an oracle loop written here from the docstring, on three well-separated Gaussian blobs.
"""

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from _training_helpers import adam_oracle, cross_entropy_oracle, gaussian_blobs, oracles_except, sgd_oracle
from autograder.checks import assert_close, assert_raises_value_error, assert_shape
from autograder.submission import submission_module

training = submission_module("week03_training", "training.py")

SHAPES = [(4,), (2, 3)]  # a bias-like vector and a weight-like matrix


def _params():
    return [np.array([1.0, -2.0, 0.5, 3.0]), np.arange(6.0).reshape(2, 3) / 7]


def _check_params(new_params, expected, what, **tolerances):
    assert isinstance(new_params, (list, tuple)) and len(new_params) == len(expected), (
        f"{what}: adam_step must return a list of {len(expected)} parameter arrays, "
        f"got {type(new_params).__name__}")
    for i, (p, e) in enumerate(zip(new_params, expected)):
        assert_close(p, e, f"{what}, parameter {i}", **tolerances)


# adam --------------------------------------------------------------------------------------

@pytest.mark.task("adam")
def test_adam_first_step_is_lr_times_sign_of_gradient():
    """Thanks to bias correction, Adam's first step is lr g / (|g| + eps), about lr sign(g).

    At t = 1: m_hat = g and v_hat = g^2.  An entry with |g| = eps moves by lr / 2 and a zero
    gradient does not move.
    Hint: t = 1 at the first step, m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), and eps
    is added to sqrt(v_hat), outside the square root.
    """
    params = _params()
    grads = [np.array([1e3, -1e-3, 1e-8, 0.0]), np.array([[-2.0, 5.0, -1e-8], [0.3, -7.0, 1e-2]])]
    lr = 0.01
    new_params, _ = training.adam_step(params, grads, training.adam_init(params), lr=lr)
    expected = [p - lr * g / (np.abs(g) + 1e-8) for p, g in zip(params, grads)]
    _check_params(new_params, expected, "first Adam step with lr = 0.01", rtol=1e-12, atol=1e-15)


@pytest.mark.task("adam")
def test_adam_three_steps_by_hand():
    """Three Adam steps worked by hand with b1 = 1/2, b2 = 3/4 and gradients 2, 4, 0.

    m_hat = 2, 10/3, 10/7 and v_hat = 4, 76/7, 228/37 after steps 1, 2, 3.
    Hint: update m and v first, then divide by (1 - b1^t) and (1 - b2^t) with t = 1, 2, 3;
    b1 goes with the gradient, b2 with its square.
    """
    lr, eps = 0.1, 1e-8
    params = [np.array([1.0, -1.0])]
    state = training.adam_init(params)
    theta = params[0]
    for g, m_hat, v_hat in [(2.0, 2.0, 4.0), (4.0, 10 / 3, 76 / 7), (0.0, 10 / 7, 228 / 37)]:
        params, state = training.adam_step(params, [np.array([g, -g])], state, lr=lr, b1=0.5,
                                           b2=0.75, eps=eps)
        theta = theta - lr * np.array([1.0, -1.0]) * m_hat / (np.sqrt(v_hat) + eps)
        _check_params(params, [theta], f"Adam after the step with gradient {g}", rtol=1e-12)


@pytest.mark.task("adam")
def test_adam_state_is_not_modified():
    """The Adam state and the parameters are not modified in place: a reused state gives the same step.

    Hint: build new arrays (m = b1 * m + ...) and a new state; do not write into the old one
    (no +=, no item assignment, no t += 1 on the state).
    """
    params = _params()
    g1 = [np.array([0.3, -1.0, 2.0, 0.1]), np.array([[1.0, -1.0, 0.5], [2.0, 0.0, -3.0]])]
    g2 = [np.array([-2.0, 0.5, 0.5, 1.0]), np.array([[0.1, 3.0, -0.5], [1.0, 1.0, 2.0]])]
    saved = [p.copy() for p in params], [g.copy() for g in g1]

    def from_scratch(grad_sequence):
        p, state = params, training.adam_init(params)
        for grads in grad_sequence:
            p, state = training.adam_step(p, grads, state, lr=0.1)
        return p

    state0 = training.adam_init(params)
    first, state1 = training.adam_step(params, g1, state0, lr=0.1)
    other_first, _ = training.adam_step(params, g2, state0, lr=0.1)
    _check_params(other_first, from_scratch([g2]),
                  "a first step from an initial state that was already used once", rtol=0)
    training.adam_step(first, g1, state1, lr=0.1)
    second, _ = training.adam_step(first, g2, state1, lr=0.1)
    _check_params(second, from_scratch([g1, g2]),
                  "a second step from a state that was already used once", rtol=0)
    _check_params(params, saved[0], "the parameters passed to adam_step are left unchanged", rtol=0)
    _check_params(g1, saved[1], "the gradients passed to adam_step are left unchanged", rtol=0)


@pytest.mark.task("adam")
def test_adam_lr_zero_keeps_parameters():
    """A step size lr = 0 is allowed and leaves the parameters exactly where they are.

    Hint: reject only lr < 0.
    """
    params = _params()
    grads = [np.ones(4), -np.ones((2, 3))]
    new_params, _ = training.adam_step(params, grads, training.adam_init(params), lr=0.0)
    _check_params(new_params, params, "Adam with lr = 0", rtol=0, atol=0)


@pytest.mark.task("adam")
@given(
    grads=st.lists(st.tuples(*(hnp.arrays(np.float64, s, elements=st.floats(-10, 10)) for s in SHAPES)),
                   min_size=1, max_size=4),
    lr=st.floats(0.0, 1.0), b1=st.floats(0.0, 0.99), b2=st.floats(0.5, 0.9999),
    eps=st.sampled_from([1e-8, 1e-3, 0.5]),
)
def test_adam_matches_the_update_rule(grads, lr, b1, b2, eps):
    """Several Adam steps follow Kingma & Ba's bias-corrected update rule entry by entry.

    Hint: theta <- theta - lr * m_hat / (sqrt(v_hat) + eps), t counted from 1.
    """
    params = _params()
    expected = adam_oracle(params, grads, lr, b1, b2, eps)
    state = training.adam_init(params)
    for t, (g, e) in enumerate(zip(grads, expected), start=1):
        params, state = training.adam_step(params, list(g), state, lr=lr, b1=b1, b2=b2, eps=eps)
        _check_params(params, e, f"Adam step t = {t} (lr={lr}, b1={b1}, b2={b2}, eps={eps})",
                      rtol=1e-9, atol=1e-12)


@pytest.mark.task("adam")
@given(scale=st.floats(1e-3, 1e3))
def test_adam_is_invariant_to_the_units_of_the_loss(scale):
    """Rescaling the loss (gradients times c > 0) leaves Adam's steps unchanged when eps = 0.

    m_hat scales like c and sqrt(v_hat) like c, so their ratio is dimensionless.
    Hint: v accumulates g**2 (not |g|), and the step uses sqrt(v_hat).
    """
    rng = np.random.default_rng(1)
    sequence = [[rng.choice([-1.0, 1.0], s) * rng.uniform(0.1, 2.0, s) for s in SHAPES] for _ in range(3)]
    runs = []
    for c in (1.0, scale):
        params, state = _params(), training.adam_init(_params())
        for grads in sequence:
            params, state = training.adam_step(params, [c * g for g in grads], state, lr=0.05, eps=0.0)
        runs.append(params)
    _check_params(runs[1], runs[0], f"three Adam steps with gradients scaled by {scale}",
                  rtol=1e-9, atol=1e-12)


@pytest.mark.task("adam")
@pytest.mark.parametrize("case", ["lr < 0", "fewer gradients", "gradient shape"])
def test_adam_rejects_bad_input(case):
    """A negative step size, or gradients that do not match the parameters, raise ValueError.

    Hint: check lr >= 0, len(grads) == len(params), and each gradient's shape.
    """
    params = _params()
    grads = [np.ones(4), np.ones((2, 3))]
    kwargs = {"lr": 1e-3}
    if case == "lr < 0":
        kwargs["lr"] = -1e-3
    elif case == "fewer gradients":
        grads = grads[:1]
    else:
        grads = [np.ones(4), np.ones((3, 2))]
    assert_raises_value_error(training.adam_step, params, grads, training.adam_init(params),
                              what=f"adam_step with {case}", **kwargs)


# minibatch_indices -------------------------------------------------------------------------

@pytest.mark.task("minibatch_indices")
def test_minibatch_indices_worked_example():
    """10 samples in batches of 4: the permutation of the seed cut into sizes 4, 4, 2.

    Hint: one call order = rng.permutation(n), then order[0:4], order[4:8], order[8:10].
    """
    order = np.random.default_rng(7).permutation(10)
    batches = training.minibatch_indices(10, 4, np.random.default_rng(7))
    sizes = [len(b) for b in batches]
    assert sizes == [4, 4, 2], f"batch sizes for n = 10, batch_size = 4: expected [4, 4, 2], got {sizes}"
    for i, (batch, start) in enumerate(zip(batches, range(0, 10, 4))):
        assert np.array_equal(np.asarray(batch), order[start:start + 4]), (
            f"batch {i}: expected {order[start:start + 4]}, got {np.asarray(batch)} "
            f"(the permutation with this seed is {order})")


@pytest.mark.task("minibatch_indices")
@given(n=st.integers(1, 60), batch_size=st.integers(1, 70), seed=st.integers(0, 2**32 - 1))
def test_minibatches_partition_the_samples(n, batch_size, seed):
    """The batches are consecutive pieces of rng.permutation(n): every sample exactly once per epoch.

    Hint: all batches have batch_size samples except the last, which keeps the remainder;
    draw the permutation once, before cutting.
    """
    rng, twin = np.random.default_rng(seed), np.random.default_rng(seed)
    batches = [np.asarray(b) for b in training.minibatch_indices(n, batch_size, rng)]
    expected_sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    sizes = [len(b) for b in batches]
    assert sizes == expected_sizes, (
        f"n = {n}, batch_size = {batch_size}: expected batch sizes {expected_sizes}, got {sizes}")
    assert all(np.issubdtype(b.dtype, np.integer) for b in batches), "batches must be integer arrays"
    assert np.array_equal(np.sort(np.concatenate(batches)), np.arange(n)), (
        f"the batches do not partition range({n}): {[b.tolist() for b in batches]}")
    order = twin.permutation(n)
    assert np.array_equal(np.concatenate(batches), order), (
        f"the batches are not rng.permutation({n}) = {order} cut in order")
    assert rng.random() == twin.random(), (
        "minibatch_indices must draw exactly one rng.permutation(n) from the Generator")


@pytest.mark.task("minibatch_indices")
@pytest.mark.parametrize("batch_size", [0, -4])
def test_minibatch_indices_rejects_bad_batch_size(batch_size):
    """A batch size below 1 is rejected with ValueError.

    Hint: check batch_size >= 1 before cutting.
    """
    assert_raises_value_error(training.minibatch_indices, 10, batch_size, np.random.default_rng(0),
                              what=f"minibatch_indices with batch_size = {batch_size}")


# train_softmax_regression ------------------------------------------------------------------

BLOBS = dict(num_classes=3, lr=0.5, epochs=6, batch_size=16, seed=11)  # 150 = 9 * 16 + 6


@pytest.mark.task("train_softmax_regression")
@training.oracles(**oracles_except("train_softmax_regression"))
def test_training_with_lr_zero_stays_at_zero():
    """With lr = 0 the classifier stays at W = 0, b = 0 and every epoch costs log K.

    Hint: W (D, K) and b (K,) start at zero; losses has one entry per epoch.
    """
    X, y = gaussian_blobs()
    W, b, losses = training.train_softmax_regression(X, y, 3, 0.0, 4, 16, 0)
    assert_close(W, np.zeros((2, 3)), "W after training with lr = 0", atol=0)
    assert_close(b, np.zeros(3), "b after training with lr = 0", atol=0)
    assert_close(losses, np.full(4, np.log(3)), "losses with lr = 0 (uninformed: log 3 per sample)")
    _, _, none = training.train_softmax_regression(X, y, 3, 0.5, 0, 16, 0)
    assert_shape(none, (0,), "losses for epochs = 0")


@pytest.mark.task("train_softmax_regression")
@training.oracles(**oracles_except("train_softmax_regression"))
def test_training_separates_gaussian_blobs():
    """SGD on three well-separated Gaussian blobs reaches > 95 % accuracy and lowers the loss.

    Hint: step against the gradient of the mean cross-entropy of each batch:
    W -= lr X_batch^T G, b -= lr sum_b G.
    """
    X, y = gaussian_blobs()
    W, b, losses = training.train_softmax_regression(X, y, **BLOBS)
    losses = assert_shape(losses, (BLOBS["epochs"],), "losses (epochs,)")
    accuracy = np.mean(np.argmax(X @ np.asarray(W) + np.asarray(b), axis=1) == y)
    assert accuracy > 0.95, f"training accuracy on well-separated blobs is {accuracy:.3f}, expected > 0.95"
    assert losses[-1] < losses[0] < np.log(3), f"the loss should decrease below log 3, got {losses}"


@pytest.mark.task("train_softmax_regression")
@training.oracles(**oracles_except("train_softmax_regression"))
def test_losses_are_recorded_after_each_epoch():
    """losses[k] is the cross-entropy of the whole training set after epoch k + 1 (not before it).

    A run stopped after k epochs ends with the state of epoch k of a longer run.
    Hint: append cross_entropy(X @ W + b, y) at the end of each epoch, after its last step.
    """
    X, y = gaussian_blobs()
    _, _, losses = training.train_softmax_regression(X, y, **{**BLOBS, "epochs": 3})
    for k in (1, 2, 3):
        W, b, _ = training.train_softmax_regression(X, y, **{**BLOBS, "epochs": k})
        loss_k = cross_entropy_oracle(X @ np.asarray(W) + np.asarray(b), y)
        assert_close(np.asarray(losses)[k - 1], loss_k,
                     f"losses[{k - 1}] against the training-set cross-entropy after epoch {k}",
                     rtol=1e-9)


@pytest.mark.task("train_softmax_regression")
@training.oracles(**oracles_except("train_softmax_regression"))
def test_training_is_reproducible():
    """The same seed gives the same classifier, another seed another one; X and y are untouched.

    Hint: create one np.random.default_rng(seed) inside the function, and never shuffle X
    or y in place.
    """
    X, y = gaussian_blobs()
    X_saved, y_saved = X.copy(), y.copy()
    W1, b1, _ = training.train_softmax_regression(X, y, **BLOBS)
    assert np.array_equal(X, X_saved) and np.array_equal(y, y_saved), "training modified X or y in place"
    W2, b2, _ = training.train_softmax_regression(X, y, **BLOBS)
    assert_close(W2, W1, "W from a second run with the same seed", rtol=0, atol=0)
    assert_close(b2, b1, "b from a second run with the same seed", rtol=0, atol=0)
    W3, _, _ = training.train_softmax_regression(X, y, **{**BLOBS, "seed": 12})
    assert not np.allclose(W3, W1, rtol=1e-6, atol=0), (
        "seeds 11 and 12 gave the same W: the batches do not depend on the seed")


@pytest.mark.task("train_softmax_regression")
@pytest.mark.parametrize("lr, epochs, batch_size", [(0.5, 4, 16), (0.2, 3, 150)])
@training.oracles(**oracles_except("train_softmax_regression"))
def test_training_follows_minibatch_sgd(lr, epochs, batch_size):
    """W, b and the losses follow minibatch SGD with one Generator for the whole run.

    Each epoch cuts one rng.permutation(n) into batches; one step per batch on its mean
    cross-entropy.
    Hint: create the Generator once, before the first epoch; pick the rows of X and y with
    the same batch indices.
    """
    X, y = gaussian_blobs()
    W, b, losses = training.train_softmax_regression(X, y, 3, lr, epochs, batch_size, 5)
    W_ref, b_ref, losses_ref = sgd_oracle(X, y, 3, lr, epochs, batch_size, 5)
    setting = f"lr = {lr}, {epochs} epochs, batches of {batch_size}"
    assert_close(losses, losses_ref, f"losses per epoch ({setting})", rtol=1e-8, atol=1e-12)
    assert_close(W, W_ref, f"W after training ({setting})", rtol=1e-8, atol=1e-10)
    assert_close(b, b_ref, f"b after training ({setting})", rtol=1e-8, atol=1e-10)


@pytest.mark.task("train_softmax_regression")
@pytest.mark.parametrize("change, what", [
    ({"lr": -0.1}, "lr < 0"),
    ({"epochs": -1}, "epochs < 0"),
    ({"batch_size": 0}, "batch_size = 0"),
    ({"labels": "out of range"}, "a label equal to num_classes"),
    ({"labels": "short"}, "fewer labels than samples"),
])
@training.oracles(**oracles_except("train_softmax_regression"))
def test_training_rejects_bad_input(change, what):
    """Bad settings or labels are rejected with ValueError before any training.

    Hint: check lr >= 0, epochs >= 0, batch_size >= 1, y of shape (n,) with labels in
    [0, num_classes).
    """
    X, y = gaussian_blobs()
    if change.get("labels") == "out of range":
        y = y.copy()
        y[5] = 3
    elif change.get("labels") == "short":
        y = y[:-1]
    kwargs = {**BLOBS, **{k: v for k, v in change.items() if k != "labels"}}
    assert_raises_value_error(training.train_softmax_regression, X, y, what=f"training with {what}",
                              **kwargs)
