"""Correct formulas but no validation: X with the wrong width gives silently wrong shapes."""

EXPECT_FAILING = ["linear_backward"]


def linear_backward(dY, X, W):
    dY, X, W = np.asarray(dY, float), np.asarray(X, float), np.asarray(W, float)
    return dY @ W.T, X.T @ dY, dY.sum(axis=0)
