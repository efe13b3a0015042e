"""Only the local derivative 1 - A^2, not multiplied by the upstream gradient dA."""

EXPECT_FAILING = ["tanh_backward", "mlp_backward"]


def tanh_backward(dA, A):
    dA, A = np.asarray(dA, float), np.asarray(A, float)
    if dA.shape != A.shape:
        raise ValueError("dA and A must have the same shape")
    return 1.0 - A**2
