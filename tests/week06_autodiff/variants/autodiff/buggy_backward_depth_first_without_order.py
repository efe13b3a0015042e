"""backward walks depth-first from the output, each node once, passing its grad on as soon as it is reached.

Without a topological order, a node reached first through a short path passes on its grad
before the contributions of the longer paths have arrived.
"""

EXPECT_FAILING = ["backward_graph"]


def backward(out):
    out.grad = 1.0
    seen = {id(out)}
    stack = [out]
    while stack:
        node = stack.pop()
        for parent, local in node._parents:
            parent.grad += local * node.grad
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
