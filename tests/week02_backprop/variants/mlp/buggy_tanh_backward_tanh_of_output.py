"""A passed where Z is expected: dZ = dA * (1 - tanh(A)^2), i.e. tanh applied twice."""

EXPECT_FAILING = ["tanh_backward", "mlp_backward"]


def tanh_backward(dA, A):
    dA, A = np.asarray(dA, float), np.asarray(A, float)
    if dA.shape != A.shape:
        raise ValueError("dA and A must have the same shape")
    return dA * (1.0 - np.tanh(A) ** 2)
