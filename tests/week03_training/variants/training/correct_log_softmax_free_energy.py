"""Correct: z - F with the "free energy" F = m + log sum exp(z - m) computed first, m the maximum."""

EXPECT_FAILING = []


def log_softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    free_energy = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return z - free_energy
