"""Softmax without subtracting the maximum: exp(1e4) overflows to inf and exp(-1e4) underflows to 0, giving nan."""

EXPECT_FAILING = ["softmax", "cross_entropy_grad"]  # the gradient uses softmax on logits of 1e4


def softmax(z, axis=-1):
    e = np.exp(np.asarray(z, dtype=float))
    return e / np.sum(e, axis=axis, keepdims=True)
