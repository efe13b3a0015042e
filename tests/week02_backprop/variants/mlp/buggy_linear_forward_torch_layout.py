"""Weights read in the PyTorch layout (n_out, n_in): Y = X @ W.T + b."""

EXPECT_FAILING = ["linear_forward", "mlp_forward", "mlp_backward"]


def linear_forward(X, W, b):
    return np.asarray(X, float) @ np.asarray(W, float).T + np.asarray(b, float)
