"""Correct: the batch gradient accumulated sample by sample (outer products), without the helper functions."""

EXPECT_FAILING = []


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
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            dW, db = np.zeros_like(W), np.zeros_like(b)
            for i in batch:
                z = X[i] @ W + b
                p = np.exp(z - z.max())
                p /= p.sum()
                p[y[i]] -= 1.0
                dW += np.outer(X[i], p)
                db += p
            W, b = W - lr * dW / len(batch), b - lr * db / len(batch)
        z = X @ W + b
        m = z.max(axis=1)
        losses.append(np.mean(m + np.log(np.exp(z - m[:, None]).sum(axis=1)) - z[np.arange(len(y)), y]))
    return W, b, np.array(losses)
