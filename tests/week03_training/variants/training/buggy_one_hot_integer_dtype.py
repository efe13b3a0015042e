"""one_hot that returns an integer array (np.eye(K, dtype=int)) instead of a float one."""

EXPECT_FAILING = ["one_hot"]


def one_hot(labels, num_classes):
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("labels must be (B,) with entries in [0, num_classes)")
    return np.eye(num_classes, dtype=int)[labels]
