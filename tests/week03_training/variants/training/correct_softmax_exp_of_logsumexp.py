"""Correct: softmax as exp(z - logsumexp(z)), with a stable logsumexp from np.logaddexp.reduce."""

EXPECT_FAILING = []


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    return np.exp(z - np.logaddexp.reduce(z, axis=axis, keepdims=True))
