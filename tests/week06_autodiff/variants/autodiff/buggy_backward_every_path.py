"""backward pushes each contribution down every path separately (no topological order, no seen set).

The gradients are right, but a stack of n diamonds has 2^n paths: exponential time.
"""

EXPECT_FAILING = ["backward_graph"]


def backward(out):
    out.grad = 1.0
    stack = [(out, 1.0)]
    while stack:
        node, upstream = stack.pop()
        for parent, local in node._parents:
            parent.grad += local * upstream
            stack.append((parent, local * upstream))
