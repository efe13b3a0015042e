"""Minibatches from np.array_split into ceil(n / batch_size) nearly equal pieces, not pieces of batch_size."""

EXPECT_FAILING = ["minibatch_indices", "train_softmax_regression"]


def minibatch_indices(n, batch_size, rng):
    if batch_size <= 0:
        raise ValueError("batch_size must be >= 1")
    return np.array_split(rng.permutation(n), -(-n // batch_size))
