"""Correct: z minus its logsumexp, accumulated pairwise by the stable np.logaddexp.reduce."""

EXPECT_FAILING = []


def log_softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    return z - np.logaddexp.reduce(z, axis=axis, keepdims=True)
