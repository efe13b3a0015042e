"""The derivative written 1 - A instead of 1 - A^2."""

EXPECT_FAILING = ["tanh_backward", "mlp_backward"]


def tanh_backward(dA, A):
    dA, A = np.asarray(dA, float), np.asarray(A, float)
    if dA.shape != A.shape:
        raise ValueError("dA and A must have the same shape")
    return dA * (1.0 - A)
