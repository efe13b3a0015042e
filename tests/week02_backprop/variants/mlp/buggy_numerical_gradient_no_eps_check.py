"""Right central differences, but eps <= 0 is not rejected (eps = 0 returns nan)."""

EXPECT_FAILING = ["numerical_gradient"]


def numerical_gradient(f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        for index in np.ndindex(x.shape):
            plus, minus = x.copy(), x.copy()
            plus[index] += eps
            minus[index] -= eps
            g[index] = (float(f(plus)) - float(f(minus))) / (2 * eps)
    return g
