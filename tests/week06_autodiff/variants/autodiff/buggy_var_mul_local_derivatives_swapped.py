"""x * y on Vars records d(xy)/dx = x and d(xy)/dy = y: the local derivatives are swapped."""

EXPECT_FAILING = ["reverse_mode", "backward_graph"]


def _var_mul_swapped(self, other):
    other = _as_var(other)
    if other is None:
        return NotImplemented
    return Var(self.value * other.value, ((self, self.value), (other, other.value)))


Var.__mul__ = _var_mul_swapped
