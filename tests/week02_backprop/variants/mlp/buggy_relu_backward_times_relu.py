"""The upstream gradient multiplied by relu(Z) itself instead of its derivative."""

EXPECT_FAILING = ["relu_backward", "mlp_backward"]


def relu_backward(dA, Z):
    dA, Z = np.asarray(dA, float), np.asarray(Z, float)
    if dA.shape != Z.shape:
        raise ValueError("dA and Z must have the same shape")
    return dA * np.maximum(Z, 0.0)
