"""Minibatches shuffled with the global np.random state instead of the Generator passed in."""

EXPECT_FAILING = ["minibatch_indices", "train_softmax_regression"]


def minibatch_indices(n, batch_size, rng):
    if batch_size <= 0:
        raise ValueError("batch_size must be >= 1")
    order = np.random.permutation(n)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]
