"""Correct: rng.shuffle of np.arange(n) draws the same numbers as rng.permutation(n); cut by a while loop."""

EXPECT_FAILING = []


def minibatch_indices(n, batch_size, rng):
    if batch_size <= 0:
        raise ValueError("batch_size must be >= 1")
    order = np.arange(n)
    rng.shuffle(order)
    batches, start = [], 0
    while start < n:
        batches.append(order[start:start + batch_size])
        start += batch_size
    return batches
