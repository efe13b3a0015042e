"""A cache of (activation, X, [Z_1 .. Z_L]) only; the backward pass recomputes A_l = sigma(Z_l) and
writes the chain rule inline, without the building blocks."""

EXPECT_FAILING = []


def _sigma(activation, Z):
    return np.tanh(Z) if activation == "tanh" else np.maximum(Z, 0.0)


def mlp_forward(params, X, activation="tanh"):
    if activation not in ("tanh", "relu"):
        raise ValueError(f"activation must be 'tanh' or 'relu', got {activation!r}")
    X = np.asarray(X, float)
    A, Zs = X, []
    for layer, (W, b) in enumerate(params):
        W, b = np.asarray(W, float), np.asarray(b, float)
        if A.shape[1] != W.shape[0] or b.shape != (W.shape[1],):
            raise ValueError(f"layer {layer}: input {A.shape}, W {W.shape}, b {b.shape} do not fit")
        Zs.append(A @ W + b)
        A = Zs[-1] if layer == len(params) - 1 else _sigma(activation, Zs[-1])
    return A, (activation, X, tuple(Zs))


def mlp_backward(params, cache, dY):
    activation, X, Zs = cache
    dZ = np.asarray(dY, float)
    if dZ.shape != Zs[-1].shape:
        raise ValueError(f"dY {dZ.shape} does not match the output {Zs[-1].shape}")
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        A_prev = X if layer == 0 else _sigma(activation, Zs[layer - 1])
        grads.append((A_prev.T @ dZ, dZ.sum(axis=0)))
        if layer > 0:
            dA = dZ @ np.asarray(params[layer][0], float).T
            Z = Zs[layer - 1]
            dZ = dA * (1.0 - np.tanh(Z) ** 2) if activation == "tanh" else dA * (Z > 0)
    return grads[::-1]
