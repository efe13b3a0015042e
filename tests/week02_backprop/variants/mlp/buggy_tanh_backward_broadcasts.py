"""Right formula, but dA and A of different shapes are silently broadcast."""

EXPECT_FAILING = ["tanh_backward"]


def tanh_backward(dA, A):
    return np.asarray(dA, float) * (1.0 - np.asarray(A, float) ** 2)
