"""The bias gradient summed over the outputs instead of the batch: db = dY.sum(axis=1)."""

EXPECT_FAILING = ["linear_backward", "mlp_backward"]


def linear_backward(dY, X, W):
    dY, X, W = np.asarray(dY, float), np.asarray(X, float), np.asarray(W, float)
    if X.shape[1] != W.shape[0] or dY.shape != (X.shape[0], W.shape[1]):
        raise ValueError("dY, X and W do not fit together")
    return dY @ W.T, X.T @ dY, dY.sum(axis=1)
