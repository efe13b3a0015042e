"""The loss and its gradient accumulated example by example."""

EXPECT_FAILING = []


def mse_loss(Y, T):
    Y, T = np.asarray(Y, float), np.asarray(T, float)
    if Y.ndim != 2 or T.shape != Y.shape:
        raise ValueError(f"Y {Y.shape} and T {T.shape} must both be (B, n_out)")
    B = Y.shape[0]
    loss, dY = 0.0, np.empty_like(Y)
    for n in range(B):
        residual = Y[n] - T[n]
        loss += 0.5 * residual @ residual / B
        dY[n] = residual / B
    return loss, dY
