"""Perturbs the caller's x in place and restores it: x ends unchanged, but a read-only
(or JAX) x cannot be written to, and a function pure by contract must not write into x."""

EXPECT_FAILING = ["numerical_gradient"]


def numerical_gradient(f, x, eps=1e-6):
    if not eps > 0:
        raise ValueError("eps must be positive")
    g = np.zeros(np.shape(x))
    for index in np.ndindex(g.shape):
        saved = x[index]
        x[index] = saved + eps
        f_plus = float(f(x))
        x[index] = saved - eps
        f_minus = float(f(x))
        x[index] = saved
        g[index] = (f_plus - f_minus) / (2 * eps)
    return g
