"""backward assigns parent.grad = local * node.grad instead of adding: a node used twice keeps one term."""

EXPECT_FAILING = ["backward_graph"]


def backward(out):
    order, seen = [], set()
    stack = [(out, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent, _ in node._parents)
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in node._parents:
            parent.grad = local * node.grad
