"""Training that records the loss at the start of each epoch, before its steps (losses[0] = log K)."""

EXPECT_FAILING = ["train_softmax_regression"]


def train_softmax_regression(X, y, num_classes, lr, epochs, batch_size, seed):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or y.shape != (len(X),) or y.min() < 0 or y.max() >= num_classes:
        raise ValueError("X must be (n, D) and y (n,) with labels in [0, num_classes)")
    if lr < 0 or epochs < 0 or batch_size <= 0:
        raise ValueError("need lr >= 0, epochs >= 0 and batch_size >= 1")
    W, b = np.zeros((X.shape[1], num_classes)), np.zeros(num_classes)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        losses.append(cross_entropy(X @ W + b, y))
        for batch in minibatch_indices(len(X), batch_size, rng):
            G = cross_entropy_grad(X[batch] @ W + b, y[batch])
            W, b = W - lr * X[batch].T @ G, b - lr * G.sum(axis=0)
    return W, b, np.array(losses)
