"""Softmax that always normalises along the last axis, whatever `axis` says."""

EXPECT_FAILING = ["softmax"]


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
