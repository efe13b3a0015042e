"""Adam that rejects lr = 0 (the week 1 rule), although week 3 allows it."""

EXPECT_FAILING = ["adam"]

_reference_adam_step = adam_step


def adam_step(params, grads, state, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    if lr <= 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    return _reference_adam_step(params, grads, state, lr, b1, b2, eps)
