"""log_softmax that always reduces along the last axis, whatever `axis` says."""

EXPECT_FAILING = ["log_softmax"]


def log_softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
