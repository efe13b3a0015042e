"""Any activation name other than "tanh" silently means relu (no ValueError for a typo)."""

EXPECT_FAILING = ["mlp_forward"]


def mlp_forward(params, X, activation="tanh"):
    A = np.asarray(X, float)
    layer_inputs, preactivations = [], []
    for layer, (W, b) in enumerate(params):
        layer_inputs.append(A)
        Z = linear_forward(A, W, b)
        preactivations.append(Z)
        if layer == len(params) - 1:
            A = Z
        else:
            A = np.tanh(Z) if activation == "tanh" else np.maximum(Z, 0.0)
    activation = "tanh" if activation == "tanh" else "relu"
    return A, {"activation": activation, "layer_inputs": layer_inputs, "preactivations": preactivations}
