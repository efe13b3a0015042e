"""Correct: a stable 1-D softmax applied to every line along `axis` with np.apply_along_axis."""

EXPECT_FAILING = []


def _softmax_1d(row):
    e = np.exp(row - row.max())
    return e / e.sum()


def softmax(z, axis=-1):
    return np.apply_along_axis(_softmax_1d, axis, np.asarray(z, dtype=float))
