"""The derivative factored as (1 - A)(1 + A)."""

EXPECT_FAILING = []


def tanh_backward(dA, A):
    dA, A = np.asarray(dA, float), np.asarray(A, float)
    if dA.shape != A.shape:
        raise ValueError(f"dA {dA.shape} and A {A.shape} differ")
    return dA * (1.0 - A) * (1.0 + A)
