"""Right values, but computed by zeroing entries of the caller's dA in place."""

EXPECT_FAILING = ["relu_backward"]


def relu_backward(dA, Z):
    Z = np.asarray(Z, float)
    if np.shape(dA) != Z.shape:
        raise ValueError("dA and Z must have the same shape")
    dA[Z <= 0] = 0.0
    return dA
