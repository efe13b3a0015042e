"""Cross-entropy from log(softmax): a confident wrong prediction costs log(0) = inf instead of 1e4."""

EXPECT_FAILING = ["cross_entropy"]


def cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 2 or np.shape(labels) != logits.shape[:1]:
        raise ValueError("logits must be (B, K) and labels (B,)")
    p = softmax(logits)
    return -np.mean(np.log(p[np.arange(len(labels)), one_hot(labels, logits.shape[1]).argmax(1)]))
