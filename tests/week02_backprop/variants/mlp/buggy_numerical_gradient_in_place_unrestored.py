"""Perturbs the caller's x in place (x[i] += eps, then x[i] -= 2 eps) and never restores it."""

EXPECT_FAILING = ["numerical_gradient"]


def numerical_gradient(f, x, eps=1e-6):
    if not eps > 0:
        raise ValueError("eps must be positive")
    g = np.zeros(np.shape(x))
    for index in np.ndindex(g.shape):
        x[index] += eps
        f_plus = float(f(x))
        x[index] -= 2 * eps
        f_minus = float(f(x))
        g[index] = (f_plus - f_minus) / (2 * eps)
    return g
