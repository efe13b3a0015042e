"""Forward mode from a table of partial derivatives: one generic binary operation serves every operator."""

EXPECT_FAILING = []
COVERS = ["forward_mode"]

# operation: (value, d/da, d/db) as functions of the operands' values a, b
_RULES = {
    "+": (lambda a, b: a + b, lambda a, b: 1.0, lambda a, b: 1.0),
    "-": (lambda a, b: a - b, lambda a, b: 1.0, lambda a, b: -1.0),
    "*": (lambda a, b: a * b, lambda a, b: b, lambda a, b: a),
    "/": (lambda a, b: a / b, lambda a, b: 1.0 / b, lambda a, b: -a / (b * b)),
    "**": (lambda a, b: a ** b, lambda a, b: b * a ** (b - 1) if b != 0 else 0.0,
           lambda a, b: a ** b * math.log(a)),
}


def _binary(symbol, u, v):
    """u (symbol) v for Duals or numbers u, v (at least one a Dual); d/db only where v moves."""
    if not all(isinstance(w, (Dual, int, float)) for w in (u, v)):
        return NotImplemented
    a, da = (u.value, u.derivative) if isinstance(u, Dual) else (u, 0.0)
    b, db = (v.value, v.derivative) if isinstance(v, Dual) else (v, 0.0)
    value, d_by_a, d_by_b = _RULES[symbol]
    slope = d_by_a(a, b) * da + (d_by_b(a, b) * db if isinstance(v, Dual) else 0.0)
    return Dual(value(a, b), slope)


class Dual:
    def __init__(self, value, derivative):
        self.value = float(value)
        self.derivative = float(derivative)

    def __add__(self, other):
        return _binary("+", self, other)

    def __radd__(self, other):
        return _binary("+", other, self)

    def __sub__(self, other):
        return _binary("-", self, other)

    def __rsub__(self, other):
        return _binary("-", other, self)

    def __mul__(self, other):
        return _binary("*", self, other)

    def __rmul__(self, other):
        return _binary("*", other, self)

    def __truediv__(self, other):
        return _binary("/", self, other)

    def __rtruediv__(self, other):
        return _binary("/", other, self)

    def __pow__(self, other):
        return _binary("**", self, other)

    def __rpow__(self, other):
        return _binary("**", other, self)

    def __neg__(self):
        return Dual(-self.value, -self.derivative)


def derivative(f, x):
    out = f(Dual(x, 1.0))
    return out.derivative if isinstance(out, Dual) else 0.0
