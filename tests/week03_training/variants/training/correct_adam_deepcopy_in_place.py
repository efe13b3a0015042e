"""Correct: deep-copies the state, then updates the copy in place, entry by entry in a loop."""

import copy

EXPECT_FAILING = []
COVERS = ["adam"]


def adam_init(params):
    return {"step": 0, "moments": [[np.zeros(np.shape(p)), np.zeros(np.shape(p))] for p in params]}


def adam_step(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    if lr < 0:
        raise ValueError("lr must be >= 0")
    if len(params) != len(grads) or any(np.shape(p) != np.shape(g) for p, g in zip(params, grads)):
        raise ValueError("grads must match params")
    state = copy.deepcopy(state)
    state["step"] += 1
    t = state["step"]
    new = []
    for p, g, (m, v) in zip(params, grads, state["moments"]):
        p = np.array(p, dtype=float)
        for i in np.ndindex(p.shape):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2
            p[i] -= lr * (m[i] / (1 - b1**t)) / (np.sqrt(v[i] / (1 - b2**t)) + eps)
        new.append(p)
    return new, state
