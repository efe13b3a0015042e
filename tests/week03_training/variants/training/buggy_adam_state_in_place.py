"""Adam that updates the moment arrays and the step count of the state in place."""

EXPECT_FAILING = ["adam"]


def adam_step(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    if lr < 0:
        raise ValueError("lr must be >= 0")
    if len(params) != len(grads) or any(np.shape(p) != np.shape(g) for p, g in zip(params, grads)):
        raise ValueError("grads must match params")
    state["t"] += 1
    t = state["t"]
    new = []
    for p, g, m, v in zip(params, grads, state["m"], state["v"]):
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g**2
        new.append(p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps))
    return new, state
