"""The layer's gradients accumulated example by example: dW = sum_n outer(x_n, dy_n)."""

EXPECT_FAILING = []


def linear_backward(dY, X, W):
    dY, X, W = np.asarray(dY, float), np.asarray(X, float), np.asarray(W, float)
    if X.ndim != 2 or W.ndim != 2 or X.shape[1] != W.shape[0]:
        raise ValueError(f"X {X.shape} and W {W.shape} do not fit together")
    if dY.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"dY has shape {dY.shape}, expected {(X.shape[0], W.shape[1])}")
    dX = np.zeros_like(X)
    dW = np.zeros_like(W)
    db = np.zeros(W.shape[1])
    for n in range(X.shape[0]):
        dX[n] = W @ dY[n]
        dW += np.outer(X[n], dY[n])
        db += dY[n]
    return dX, dW, db
