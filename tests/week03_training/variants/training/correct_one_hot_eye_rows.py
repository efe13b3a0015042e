"""Correct: rows of the identity matrix, np.eye(K)[labels], after validating the labels."""

EXPECT_FAILING = []


def one_hot(labels, num_classes):
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D, got shape {labels.shape}")
    if np.any((labels < 0) | (labels >= num_classes)):
        raise ValueError(f"labels must lie in [0, {num_classes})")
    return np.eye(num_classes)[labels]
