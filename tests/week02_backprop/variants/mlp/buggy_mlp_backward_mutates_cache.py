"""The tanh derivative computed in place in the cache (A **= 2), which spoils the cache for the next call."""

EXPECT_FAILING = ["mlp_backward"]


def mlp_backward(params, cache, dY):
    layer_inputs, preactivations = cache["layer_inputs"], cache["preactivations"]
    upstream = np.asarray(dY, float)
    if upstream.shape != preactivations[-1].shape:
        raise ValueError("dY does not have the output's shape")
    grads = [None] * len(params)
    for layer in reversed(range(len(params))):
        if layer < len(params) - 1:
            if cache["activation"] == "tanh":
                A = layer_inputs[layer + 1]
                A **= 2
                upstream = upstream * (1.0 - A)
            else:
                upstream = relu_backward(upstream, preactivations[layer])
        upstream, dW, db = linear_backward(upstream, layer_inputs[layer], params[layer][0])
        grads[layer] = (dW, db)
    return grads
