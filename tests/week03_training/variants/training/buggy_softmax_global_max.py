"""Softmax shifted by the maximum of the whole array, not of each row: a row 2e4 below the top gives 0/0."""

EXPECT_FAILING = ["softmax"]


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)
