"""Operations composed from fewer rules: a - b = a + (-b), a / b = a * b^-1, c^x = e^(x ln c), x^y = e^(y ln x).

The same methods serve Dual and Var; only +, *, unary -, a power with a number exponent,
exp and log have derivative rules of their own.
"""

EXPECT_FAILING = []
COVERS = ["forward_mode", "reverse_mode"]

_POWER_BY_NUMBER = {Dual: Dual.__pow__, Var: Var.__pow__}


def _composed_sub(self, other):
    return self + (-other)


def _composed_rsub(self, other):
    return (-self) + other


def _composed_truediv(self, other):
    return self * other ** -1


def _composed_rtruediv(self, other):
    return other * self ** -1


def _composed_pow(self, other):
    if isinstance(other, (int, float)):
        return _POWER_BY_NUMBER[type(self)](self, other)
    if isinstance(other, type(self)):
        return exp(other * log(self))
    return NotImplemented


def _composed_rpow(self, other):
    if not isinstance(other, (int, float)):
        return NotImplemented
    return exp(self * math.log(other))


for _kind in (Dual, Var):
    _kind.__sub__, _kind.__rsub__ = _composed_sub, _composed_rsub
    _kind.__truediv__, _kind.__rtruediv__ = _composed_truediv, _composed_rtruediv
    _kind.__pow__, _kind.__rpow__ = _composed_pow, _composed_rpow
