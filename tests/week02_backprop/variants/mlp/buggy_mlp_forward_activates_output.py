"""The activation is applied to the output layer too (with relu the network cannot output
negative values); the cache is the reference's, so mlp_backward still gets the linear output's gradients."""

EXPECT_FAILING = ["mlp_forward"]


def mlp_forward(params, X, activation="tanh"):
    if activation not in ("tanh", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    sigma = np.tanh if activation == "tanh" else (lambda Z: np.maximum(Z, 0.0))
    A = np.asarray(X, float)
    layer_inputs, preactivations = [], []
    for W, b in params:
        layer_inputs.append(A)
        Z = linear_forward(A, W, b)
        preactivations.append(Z)
        A = sigma(Z)
    return A, {"activation": activation, "layer_inputs": layer_inputs, "preactivations": preactivations}
