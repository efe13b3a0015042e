"""The derivative of relu taken as 1 at Z = 0: dZ = dA * (Z >= 0)."""

EXPECT_FAILING = ["relu_backward"]


def relu_backward(dA, Z):
    dA, Z = np.asarray(dA, float), np.asarray(Z, float)
    if dA.shape != Z.shape:
        raise ValueError("dA and Z must have the same shape")
    return dA * (Z >= 0)
