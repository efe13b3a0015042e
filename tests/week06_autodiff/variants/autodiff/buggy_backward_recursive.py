"""backward with a recursive topological sort: RecursionError on a graph 10,000 nodes deep."""

EXPECT_FAILING = ["backward_graph"]


def backward(out):
    order, seen = [], set()

    def visit(node):
        if id(node) in seen:
            return
        seen.add(id(node))
        for parent, _ in node._parents:
            visit(parent)
        order.append(node)

    visit(out)
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in node._parents:
            parent.grad += local * node.grad
