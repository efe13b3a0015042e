"""Correct: Kingma & Ba's efficient form, bias correction folded into the step size and eps.

lr_t = lr sqrt(1 - b2^t) / (1 - b1^t) and eps_t = eps sqrt(1 - b2^t) give exactly
lr m_hat / (sqrt(v_hat) + eps).  The state is a tuple (t, m, v).
"""

EXPECT_FAILING = []
COVERS = ["adam"]


def adam_init(params):
    return (0, tuple(np.zeros_like(np.asarray(p, dtype=float)) for p in params),
            tuple(np.zeros_like(np.asarray(p, dtype=float)) for p in params))


def adam_step(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    if lr < 0:
        raise ValueError("lr must be >= 0")
    if len(params) != len(grads) or any(np.shape(p) != np.shape(g) for p, g in zip(params, grads)):
        raise ValueError("grads must match params")
    t, m, v = state
    t += 1
    m = tuple(b1 * mi + (1 - b1) * np.asarray(g) for mi, g in zip(m, grads))
    v = tuple(b2 * vi + (1 - b2) * np.asarray(g) ** 2 for vi, g in zip(v, grads))
    correction = np.sqrt(1 - b2**t)
    lr_t, eps_t = lr * correction / (1 - b1**t), eps * correction
    new = [p - lr_t * mi / (np.sqrt(vi) + eps_t) for p, mi, vi in zip(params, m, v)]
    return new, (t, m, v)
