"""The central difference divided by eps instead of 2 eps: every entry twice too large."""

EXPECT_FAILING = ["numerical_gradient"]


def numerical_gradient(f, x, eps=1e-6):
    if not eps > 0:
        raise ValueError("eps must be positive")
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += eps
        minus[index] -= eps
        g[index] = (float(f(plus)) - float(f(minus))) / eps
    return g
