"""log_softmax that subtracts the maximum inside the logarithm but never adds it back: off by max(z)."""

EXPECT_FAILING = ["log_softmax", "cross_entropy", "train_softmax_regression"]  # wrong losses


def log_softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    return z - np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
