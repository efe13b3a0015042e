"""c - x on a Var computes x - c: __rsub__ written like __sub__."""

EXPECT_FAILING = ["reverse_mode"]


def _var_rsub_reversed(self, other):
    return self - other


Var.__rsub__ = _var_rsub_reversed
