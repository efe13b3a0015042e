"""Loops over range(len(x)): right for a vector, but for a matrix it perturbs whole rows."""

EXPECT_FAILING = ["numerical_gradient"]


def numerical_gradient(f, x, eps=1e-6):
    if not eps > 0:
        raise ValueError("eps must be positive")
    x = np.atleast_1d(np.array(x, dtype=float))
    g = np.zeros_like(x)
    for i in range(len(x)):
        plus, minus = x.copy(), x.copy()
        plus[i] += eps
        minus[i] -= eps
        g[i] = (float(f(plus)) - float(f(minus))) / (2 * eps)
    return g
