"""Cross-entropy gradient by fancy indexing with no checks: a label -1 hits the last class silently."""

EXPECT_FAILING = ["cross_entropy_grad"]


def cross_entropy_grad(logits, labels):
    grad = softmax(logits)
    grad[np.arange(len(grad)), np.ravel(labels)[: len(grad)]] -= 1.0
    return grad / len(grad)
