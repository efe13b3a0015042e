"""u ** v by the power rule b a^(b-1) a' even when the exponent is a Dual: the a^b ln(a) b' term is missing."""

EXPECT_FAILING = ["forward_mode"]


def _dual_pow_power_rule_only(self, other):
    other = _as_dual(other)
    if other is None:
        return NotImplemented
    return Dual(self.value ** other.value, other.value * self.value ** (other.value - 1) * self.derivative)


Dual.__pow__ = _dual_pow_power_rule_only
