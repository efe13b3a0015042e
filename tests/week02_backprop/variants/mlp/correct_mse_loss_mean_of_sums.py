"""0.5 * np.mean(np.sum(r**2, axis=1)), the formula of the docstring read literally."""

EXPECT_FAILING = []


def mse_loss(Y, T):
    Y, T = np.asarray(Y, float), np.asarray(T, float)
    if Y.ndim != 2 or T.shape != Y.shape:
        raise ValueError(f"Y {Y.shape} and T {T.shape} must both be (B, n_out)")
    r = Y - T
    return 0.5 * np.mean(np.sum(r**2, axis=1)), r / len(Y)
