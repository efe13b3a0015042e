"""Cross-entropy with take_along_axis and no checks: -1 wraps to the last class, extra labels are ignored."""

EXPECT_FAILING = ["cross_entropy"]


def cross_entropy(logits, labels):
    logp = log_softmax(np.asarray(logits, dtype=float))
    labels = np.asarray(labels)
    return -np.mean(np.take_along_axis(logp, labels[: len(logp), None], axis=1))
