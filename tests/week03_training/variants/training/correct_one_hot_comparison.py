"""Correct: the boolean comparison labels[:, None] == arange(K), cast to float, after validation."""

EXPECT_FAILING = []


def one_hot(labels, num_classes):
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.all((0 <= labels) & (labels < num_classes)):
        raise ValueError(f"labels must be (B,) with entries in [0, {num_classes})")
    return (labels[:, None] == np.arange(num_classes)).astype(np.float64)
