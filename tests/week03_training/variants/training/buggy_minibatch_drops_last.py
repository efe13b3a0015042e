"""Minibatches that drop the last partial batch (n // batch_size batches): some samples never train."""

EXPECT_FAILING = ["minibatch_indices", "train_softmax_regression"]


def minibatch_indices(n, batch_size, rng):
    if batch_size <= 0:
        raise ValueError("batch_size must be >= 1")
    order = rng.permutation(n)
    return [order[k * batch_size:(k + 1) * batch_size] for k in range(n // batch_size)]
