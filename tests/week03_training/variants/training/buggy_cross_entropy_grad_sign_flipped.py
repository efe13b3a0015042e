"""Cross-entropy gradient with the sign flipped: (one_hot - softmax) / B, so SGD climbs the loss."""

EXPECT_FAILING = ["cross_entropy_grad", "train_softmax_regression"]


def cross_entropy_grad(logits, labels):
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 2 or np.shape(labels) != logits.shape[:1]:
        raise ValueError("logits must be (B, K) and labels (B,)")
    return (one_hot(labels, logits.shape[1]) - softmax(logits)) / logits.shape[0]
