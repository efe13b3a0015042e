"""The weight gradient in the layout (n_out, n_in): dW = dY.T @ X."""

EXPECT_FAILING = ["linear_backward", "mlp_backward"]


def linear_backward(dY, X, W):
    dY, X, W = np.asarray(dY, float), np.asarray(X, float), np.asarray(W, float)
    if X.shape[1] != W.shape[0] or dY.shape != (X.shape[0], W.shape[1]):
        raise ValueError("dY, X and W do not fit together")
    return dY @ W.T, dY.T @ X, dY.sum(axis=0)
