"""log_softmax as z - log(sum(exp(z))) without the maximum: exp(1e4) overflows."""

EXPECT_FAILING = ["log_softmax", "cross_entropy"]


def log_softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
