"""A forward difference (f(x + eps e_i) - f(x)) / eps: error O(eps), not O(eps^2)."""

EXPECT_FAILING = ["numerical_gradient"]


def numerical_gradient(f, x, eps=1e-6):
    if not eps > 0:
        raise ValueError("eps must be positive")
    x = np.array(x, dtype=float)
    f0 = float(f(x))
    g = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        shifted = x.copy()
        shifted[index] += eps
        g[index] = (float(f(shifted)) - f0) / eps
    return g
