"""Quotient rule with the wrong sign: (a / b)' = (a' b + a b') / b^2."""

EXPECT_FAILING = ["forward_mode"]


def _dual_div_plus(self, other):
    other = _as_dual(other)
    if other is None:
        return NotImplemented
    return Dual(self.value / other.value,
                (self.derivative * other.value + self.value * other.derivative) / other.value ** 2)


Dual.__truediv__ = _dual_div_plus
