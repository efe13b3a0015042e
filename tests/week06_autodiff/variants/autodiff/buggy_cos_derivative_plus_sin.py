"""d/dx cos x = +sin x: the minus sign is forgotten (in the rule shared by Dual and Var)."""

EXPECT_FAILING = ["forward_mode", "reverse_mode"]


def cos(x):
    return _elementary(x, math.cos, math.sin)
