"""The bias is forgotten: Y = X @ W."""

EXPECT_FAILING = ["linear_forward", "mlp_forward", "mlp_backward"]


def linear_forward(X, W, b):
    X, W, b = np.asarray(X, float), np.asarray(W, float), np.asarray(b, float)
    if X.shape[1] != W.shape[0] or b.shape != (W.shape[1],):
        raise ValueError("X, W and b do not fit together")
    return X @ W
