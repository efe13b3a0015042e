"""dA times the Heaviside step with H(0) = 0."""

EXPECT_FAILING = []


def relu_backward(dA, Z):
    dA, Z = np.asarray(dA, float), np.asarray(Z, float)
    if dA.shape != Z.shape:
        raise ValueError(f"dA {dA.shape} and Z {Z.shape} differ")
    return dA * np.heaviside(Z, 0.0)
