"""Adam with eps under the square root, sqrt(v_hat + eps): a gradient of size eps moves by lr/1e4, not lr/2."""

EXPECT_FAILING = ["adam"]


def adam_step(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    if lr < 0:
        raise ValueError("lr must be >= 0")
    if len(params) != len(grads) or any(np.shape(p) != np.shape(g) for p, g in zip(params, grads)):
        raise ValueError("grads must match params")
    t = state["t"] + 1
    m = [b1 * mi + (1 - b1) * g for mi, g in zip(state["m"], grads)]
    v = [b2 * vi + (1 - b2) * g**2 for vi, g in zip(state["v"], grads)]
    new = [p - lr * (mi / (1 - b1**t)) / np.sqrt(vi / (1 - b2**t) + eps)
           for p, mi, vi in zip(params, m, v)]
    return new, {"t": t, "m": m, "v": v}
