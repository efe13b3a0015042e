"""Training that rejects lr = 0 (the week 1 rule), although week 3 allows it."""

EXPECT_FAILING = ["train_softmax_regression"]

_reference_train = train_softmax_regression


def train_softmax_regression(X, y, num_classes, lr, epochs, batch_size, seed):
    if lr <= 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    return _reference_train(X, y, num_classes, lr, epochs, batch_size, seed)
