"""Correct: np.split of the permutation at the indices batch_size, 2 batch_size, ..."""

EXPECT_FAILING = []


def minibatch_indices(n, batch_size, rng):
    if batch_size <= 0:
        raise ValueError("batch_size must be >= 1")
    return np.split(rng.permutation(n), np.arange(batch_size, n, batch_size))
