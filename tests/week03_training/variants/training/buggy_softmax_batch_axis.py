"""Softmax normalised over the batch axis (axis=0) instead of the class axis."""

EXPECT_FAILING = ["softmax", "cross_entropy_grad", "train_softmax_regression"]


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
