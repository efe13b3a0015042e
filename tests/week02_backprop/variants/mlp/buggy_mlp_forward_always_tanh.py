"""The activation argument is checked but ignored: every hidden layer uses tanh."""

EXPECT_FAILING = ["mlp_forward", "mlp_backward"]


def mlp_forward(params, X, activation="tanh"):
    if activation not in ("tanh", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    A = np.asarray(X, float)
    layer_inputs, preactivations = [], []
    for layer, (W, b) in enumerate(params):
        layer_inputs.append(A)
        Z = linear_forward(A, W, b)
        preactivations.append(Z)
        A = Z if layer == len(params) - 1 else np.tanh(Z)
    return A, {"activation": activation, "layer_inputs": layer_inputs, "preactivations": preactivations}
