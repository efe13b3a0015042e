"""backward by Kahn's algorithm: count each node's consumers, release a node when all have passed their grad."""

from collections import deque

EXPECT_FAILING = []
COVERS = ["backward_graph", "reverse_mode"]


def backward(out):
    consumers = {id(out): 0}
    frontier = [out]
    while frontier:  # count, for every node, the edges from the nodes that use it
        node = frontier.pop()
        for parent, _ in node._parents:
            if id(parent) not in consumers:
                consumers[id(parent)] = 0
                frontier.append(parent)
            consumers[id(parent)] += 1
    out.grad = 1.0
    ready = deque([out])
    while ready:
        node = ready.popleft()
        for parent, local in node._parents:
            parent.grad += local * node.grad
            consumers[id(parent)] -= 1
            if consumers[id(parent)] == 0:
                ready.append(parent)
