"""one_hot that checks only the upper end of the labels: a label -1 silently means the last class."""

EXPECT_FAILING = ["one_hot", "cross_entropy", "cross_entropy_grad"]  # they reject -1 through one_hot


def one_hot(labels, num_classes):
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.max() >= num_classes:
        raise ValueError("labels must be (B,) with entries below num_classes")
    return np.eye(num_classes)[labels]
