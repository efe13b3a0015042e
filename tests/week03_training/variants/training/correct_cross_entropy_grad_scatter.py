"""Correct: the softmax with 1 subtracted at the labels by np.subtract.at, then divided by B."""

EXPECT_FAILING = []


def cross_entropy_grad(logits, labels):
    logits, labels = np.asarray(logits, dtype=float), np.asarray(labels)
    if logits.ndim != 2 or labels.shape != logits.shape[:1]:
        raise ValueError("logits must be (B, K) and labels (B,)")
    if labels.size and (labels.min() < 0 or labels.max() >= logits.shape[1]):
        raise ValueError("labels must lie in [0, K)")
    grad = softmax(logits).copy()
    np.subtract.at(grad, (np.arange(len(labels)), labels), 1.0)
    return grad / len(labels)
