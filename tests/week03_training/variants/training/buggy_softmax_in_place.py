"""Softmax that subtracts the maximum in place (z -= max), overwriting the caller's logits."""

EXPECT_FAILING = ["softmax"]


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    z -= np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)
