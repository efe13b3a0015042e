"""The gradient with the sign flipped: dY = (T - Y) / B."""

EXPECT_FAILING = ["mse_loss"]


def mse_loss(Y, T):
    Y, T = np.asarray(Y, float), np.asarray(T, float)
    if Y.ndim != 2 or T.shape != Y.shape:
        raise ValueError("Y and T must have the same shape (B, n_out)")
    r, B = Y - T, Y.shape[0]
    return 0.5 * float(np.sum(r**2)) / B, -r / B
