"""One private copy, perturbed through a flat view and restored from the saved value."""

EXPECT_FAILING = []


def numerical_gradient(f, x, eps=1e-6):
    if not eps > 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    work = np.array(x, dtype=float)
    flat = work.reshape(-1)  # a view of the copy
    g = np.zeros(flat.size)
    for k in range(flat.size):
        saved = flat[k]
        flat[k] = saved + eps
        f_plus = f(work)
        flat[k] = saved - eps
        f_minus = f(work)
        flat[k] = saved
        g[k] = (f_plus - f_minus) / (2 * eps)
    return g.reshape(work.shape)
