"""Reverse mode with closures: every Var keeps its inputs and a _backward rule that pushes its grad to them.

backward sorts the graph by an iterative depth-first post-order, then runs the rules
from the output down.
"""

EXPECT_FAILING = []
COVERS = ["reverse_mode", "backward_graph"]


class Var:
    def __init__(self, value, inputs=()):
        self.value = float(value)
        self.grad = 0.0
        self._inputs = tuple(inputs)
        self._backward = lambda: None

    @staticmethod
    def _lift(x):
        if isinstance(x, Var):
            return x
        return Var(x) if isinstance(x, (int, float)) else None

    def _node(self, value, other, d_self, d_other):
        """A new node of value `value` with local derivatives d_self, d_other (other may be None)."""
        out = Var(value, (self,) if other is None else (self, other))

        def push():
            self.grad += d_self * out.grad
            if other is not None:
                other.grad += d_other * out.grad

        out._backward = push
        return out

    def __add__(self, other):
        other = Var._lift(other)
        return NotImplemented if other is None else self._node(self.value + other.value, other, 1.0, 1.0)

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        other = Var._lift(other)
        return NotImplemented if other is None else self._node(self.value - other.value, other, 1.0, -1.0)

    def __rsub__(self, other):
        other = Var._lift(other)
        return NotImplemented if other is None else other - self

    def __mul__(self, other):
        other = Var._lift(other)
        if other is None:
            return NotImplemented
        return self._node(self.value * other.value, other, other.value, self.value)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        other = Var._lift(other)
        if other is None:
            return NotImplemented
        a, b = self.value, other.value
        return self._node(a / b, other, 1.0 / b, -a / (b * b))

    def __rtruediv__(self, other):
        other = Var._lift(other)
        return NotImplemented if other is None else other / self

    def __pow__(self, other):
        a = self.value
        if isinstance(other, (int, float)):
            return self._node(a ** other, None, other * a ** (other - 1) if other else 0.0, None)
        other = Var._lift(other)
        if other is None:
            return NotImplemented
        if a <= 0:
            raise ValueError(f"x ** y with a Var exponent needs x > 0, got {a}")
        b = other.value
        return self._node(a ** b, other, b * a ** (b - 1), a ** b * math.log(a))

    def __rpow__(self, other):
        other = Var._lift(other)
        return NotImplemented if other is None else other ** self

    def __neg__(self):
        return self._node(-self.value, None, -1.0, None)


def _elementary(x, f, df):
    if isinstance(x, Dual):
        return Dual(f(x.value), df(x.value) * x.derivative)
    if isinstance(x, Var):
        return x._node(f(x.value), None, df(x.value), None)
    return f(x)


def backward(out):
    order, seen, stack = [], set(), [(out, iter(out._inputs))]
    seen.add(id(out))
    while stack:
        node, inputs = stack[-1]
        for parent in inputs:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, iter(parent._inputs)))
                break
        else:
            stack.pop()
            order.append(node)
    out.grad = 1.0
    for node in reversed(order):
        node._backward()
