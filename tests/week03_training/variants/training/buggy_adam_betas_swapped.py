"""Adam with the decay rates swapped: m decays with b2 and v with b1."""

EXPECT_FAILING = ["adam"]


def adam_step(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    if lr < 0:
        raise ValueError("lr must be >= 0")
    if len(params) != len(grads) or any(np.shape(p) != np.shape(g) for p, g in zip(params, grads)):
        raise ValueError("grads must match params")
    t = state["t"] + 1
    m = [b2 * mi + (1 - b2) * g for mi, g in zip(state["m"], grads)]
    v = [b1 * vi + (1 - b1) * g**2 for vi, g in zip(state["v"], grads)]
    new = [p - lr * (mi / (1 - b2**t)) / (np.sqrt(vi / (1 - b1**t)) + eps)
           for p, mi, vi in zip(params, m, v)]
    return new, {"t": t, "m": m, "v": v}
