"""Adam whose bias correction uses the step count before incrementing it: 1 - b1^0 = 0 at the first step."""

EXPECT_FAILING = ["adam"]


def adam_step(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    if lr < 0:
        raise ValueError("lr must be >= 0")
    if len(params) != len(grads) or any(np.shape(p) != np.shape(g) for p, g in zip(params, grads)):
        raise ValueError("grads must match params")
    t = state["t"]
    m = [b1 * mi + (1 - b1) * g for mi, g in zip(state["m"], grads)]
    v = [b2 * vi + (1 - b2) * g**2 for vi, g in zip(state["v"], grads)]
    with np.errstate(divide="ignore", invalid="ignore"):
        new = [p - lr * (mi / (1 - b1**t)) / (np.sqrt(vi / (1 - b2**t)) + eps)
               for p, mi, vi in zip(params, m, v)]
    return new, {"t": t + 1, "m": m, "v": v}
