"""Product rule with one term only: (a b)' = a' b, the a b' term is forgotten."""

EXPECT_FAILING = ["forward_mode"]


def _dual_mul_one_term(self, other):
    other = _as_dual(other)
    if other is None:
        return NotImplemented
    return Dual(self.value * other.value, self.derivative * other.value)


Dual.__mul__ = _dual_mul_one_term
