"""Correct: the bias as an extra weight row for a constant feature 1, theta = [W; b] of shape (D + 1, K)."""

EXPECT_FAILING = []


def train_softmax_regression(X, y, num_classes, lr, epochs, batch_size, seed):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or y.shape != (len(X),) or y.min() < 0 or y.max() >= num_classes:
        raise ValueError("X must be (n, D) and y (n,) with labels in [0, num_classes)")
    if lr < 0 or epochs < 0 or batch_size <= 0:
        raise ValueError("need lr >= 0, epochs >= 0 and batch_size >= 1")
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.zeros((X1.shape[1], num_classes))
    rng = np.random.default_rng(seed)
    losses = np.empty(epochs)
    for epoch in range(epochs):
        for batch in minibatch_indices(len(X), batch_size, rng):
            theta = theta - lr * X1[batch].T @ cross_entropy_grad(X1[batch] @ theta, y[batch])
        losses[epoch] = cross_entropy(X1 @ theta, y)
    return theta[:-1], theta[-1], losses
