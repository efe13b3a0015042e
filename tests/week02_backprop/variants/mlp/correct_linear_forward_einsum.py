"""The affine layer as an explicit index sum, Y[n, j] = sum_i X[n, i] W[i, j] + b[j]."""

EXPECT_FAILING = []


def linear_forward(X, W, b):
    X, W, b = np.asarray(X, float), np.asarray(W, float), np.asarray(b, float)
    if X.ndim != 2 or W.ndim != 2 or X.shape[1] != W.shape[0] or b.shape != (W.shape[1],):
        raise ValueError(f"shapes X {X.shape}, W {W.shape}, b {b.shape} do not fit together")
    return np.einsum("ni,ij->nj", X, W) + b[None, :]
