"""The factor 1/2 is forgotten: loss = mean over the batch of sum (Y - T)^2, dY = 2 (Y - T) / B."""

EXPECT_FAILING = ["mse_loss"]


def mse_loss(Y, T):
    Y, T = np.asarray(Y, float), np.asarray(T, float)
    if Y.ndim != 2 or T.shape != Y.shape:
        raise ValueError("Y and T must have the same shape (B, n_out)")
    r, B = Y - T, Y.shape[0]
    return float(np.sum(r**2)) / B, 2 * r / B
