"""Fresh arrays x +- eps e_k for each flat index k, with the unit array e_k reshaped like x."""

EXPECT_FAILING = []


def numerical_gradient(f, x, eps=1e-6):
    if eps <= 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    x = np.asarray(x, dtype=float)
    g = np.empty(x.size)
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = eps
        e = e.reshape(x.shape)
        g[k] = (float(f(x + e)) - float(f(x - e))) / (2 * eps)
    return g.reshape(x.shape)
