"""Right formulas, but targets of shape (B,) are broadcast against predictions (B, 1)."""

EXPECT_FAILING = ["mse_loss"]


def mse_loss(Y, T):
    Y, T = np.asarray(Y, float), np.asarray(T, float)
    r = Y - T
    return 0.5 * float(np.sum(r**2)) / Y.shape[0], r / Y.shape[0]
