"""The cache is a tape of per-layer backward closures, replayed in reverse (like an autodiff tape)."""

EXPECT_FAILING = []


def mlp_forward(params, X, activation="tanh"):
    if activation not in ("tanh", "relu"):
        raise ValueError(f"activation must be 'tanh' or 'relu', got {activation!r}")
    A = np.asarray(X, float)
    tape = []
    for layer, (W, b) in enumerate(params):
        Z = linear_forward(A, W, b)
        tape.append(lambda dZ, A=A, W=W: linear_backward(dZ, A, W))
        if layer < len(params) - 1:
            if activation == "tanh":
                A = np.tanh(Z)
                tape.append(lambda dA, A=A: tanh_backward(dA, A))
            else:
                A = np.maximum(Z, 0.0)
                tape.append(lambda dA, Z=Z: relu_backward(dA, Z))
        else:
            A = Z
    return A, (A.shape, tuple(tape))


def mlp_backward(params, cache, dY):
    output_shape, tape = cache
    upstream = np.asarray(dY, float)
    if upstream.shape != output_shape:
        raise ValueError(f"dY {upstream.shape} does not match the output {output_shape}")
    grads = []
    for step in reversed(tape):
        result = step(upstream)
        if isinstance(result, tuple):  # an affine layer: (dX, dW, db)
            upstream, dW, db = result
            grads.append((dW, db))
        else:  # an activation: dZ
            upstream = result
    return grads[::-1]
