"""Minibatches each cut from a fresh permutation: samples repeat or go missing within an epoch."""

EXPECT_FAILING = ["minibatch_indices", "train_softmax_regression"]


def minibatch_indices(n, batch_size, rng):
    if batch_size <= 0:
        raise ValueError("batch_size must be >= 1")
    return [rng.permutation(n)[start:start + batch_size] for start in range(0, n, batch_size)]
