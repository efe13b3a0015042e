"""Oracles and input strategies of the autodiff.py tests (not collected: the name starts with _).

- Random expression trees (hypothesis), evaluated by one interpreter with either the
  student's functions (on Dual or Var objects) or `jax.numpy` (on JAX scalars), so that
  `jax.grad` of the same expression is the oracle.  The grammar keeps
  every step in its domain and every value finite: division and log only see positive
  expressions, exp only bounded ones, and a power with a variable exponent a positive base.
- Random straight-line programs whose steps reuse earlier results: graphs with shared
  nodes and diamonds, for `backward`.
- A counter of the lines of Python executed by a call, with a budget, to tell linear work
  from exponential or quadratic work without timing anything.
"""

import math
import sys

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import strategies as st

jax.config.update("jax_enable_x64", True)

N_VARS = 3  # variables x0, x1, x2 of the random expressions

# ---------------------------------------------------------------- expression trees
# A tree is a nested tuple: ("x", i) the variable x_i, ("c", value) a number, and
# (operation, child, ...) for the operations below.

xs_floats = st.floats(-1.5, 1.5, allow_subnormal=False)
_constants = st.sampled_from([-2.0, -0.5, 0.5, 1.0, 1.5, 3.0, 2, 3])  # ints too: 2 * x
_positive_constants = st.sampled_from([0.5, 1.5, 2.0, 3])

_variables = st.tuples(st.just("x"), st.integers(0, N_VARS - 1))
_leaves = st.one_of(_variables, _variables, st.tuples(st.just("c"), _constants))  # 2/3 variables


def _extend(children):
    """One more level of the grammar on top of the subtrees `children`."""
    bounded = st.one_of(_leaves, st.tuples(st.sampled_from(["sin", "cos", "tanh"]), children))
    positive = st.one_of(  # values >= 1/e
        st.tuples(st.just("c"), _positive_constants),
        st.tuples(st.just("exp"), bounded),
        st.tuples(st.just("1+sq"), children),  # 1 + u ** 2
    )
    return st.one_of(
        st.tuples(st.sampled_from(["add", "sub", "mul"]), children, children),
        st.tuples(st.sampled_from(["neg", "sin", "cos", "tanh"]), children),
        st.tuples(st.just("exp"), bounded),
        st.tuples(st.just("log"), positive),
        st.tuples(st.just("div"), children, positive),
        st.tuples(st.just("powi"), children, st.sampled_from([2, 3])),  # any base, integer power
        st.tuples(st.just("pow"), positive, bounded),  # positive base, any exponent
    )


def has_variable(tree) -> bool:
    return tree[0] == "x" or any(has_variable(child) for child in tree[1:] if isinstance(child, tuple))


# Small trees (at most 8 leaves, depth about 4) that depend on at least one variable.
expressions = st.recursive(_leaves, _extend, max_leaves=8).filter(has_variable)


def evaluate(tree, xs, lib):
    """The value of the expression at xs (a sequence indexed by the variables' numbers).

    `lib` provides sin, cos, exp, log and tanh: the student's module, or jax.numpy.  The
    arithmetic is Python's operators, so the student's Dual and Var meet numbers on both
    sides of + - * / **.
    """
    kind, args = tree[0], tree[1:]
    if kind == "x":
        return xs[args[0]]
    if kind == "c":
        return args[0]
    if kind == "powi":
        return evaluate(args[0], xs, lib) ** args[1]
    values = [evaluate(arg, xs, lib) for arg in args]
    if kind in ("sin", "cos", "exp", "log", "tanh"):
        return getattr(lib, kind)(values[0])
    if kind == "neg":
        return -values[0]
    if kind == "1+sq":
        return 1 + values[0] ** 2
    a, b = values
    if kind == "add":
        return a + b
    if kind == "sub":
        return a - b
    if kind == "mul":
        return a * b
    if kind == "div":
        return a / b
    return a ** b  # "pow"


def render(tree, single_variable=False) -> str:
    """The expression as a formula, for the feedback (every variable named x if single_variable)."""
    kind, args = tree[0], tree[1:]
    if kind == "x":
        return "x" if single_variable else f"x{args[0]}"
    if kind == "c":
        return repr(args[0])
    if kind == "powi":
        return f"({render(args[0], single_variable)}) ** {args[1]}"
    parts = [render(arg, single_variable) for arg in args]
    if kind in ("sin", "cos", "exp", "log", "tanh"):
        return f"{kind}({parts[0]})"
    if kind == "neg":
        return f"-({parts[0]})"
    if kind == "1+sq":
        return f"(1 + ({parts[0]}) ** 2)"
    symbol = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}[kind]
    return f"({parts[0]} {symbol} {parts[1]})"


def _map_leaves(tree, leaf):
    """The tree with every leaf, ("x", i) or ("c", value), replaced by leaf(that leaf), left to right."""
    if tree[0] in ("x", "c"):
        return leaf(tree)
    return (tree[0],) + tuple(_map_leaves(a, leaf) if isinstance(a, tuple) else a for a in tree[1:])


def with_distinct_variables(tree):
    """(tree', n): the same tree with its variable leaves renamed x0, x1, ... x(n-1) in order.

    Every variable then appears once: the graph of the expression is a tree.
    """
    counter = iter(range(10**6))
    renamed = _map_leaves(tree, lambda leaf: ("x", next(counter)) if leaf[0] == "x" else leaf)
    return renamed, next(counter)


# The JAX oracles run eagerly, where every operation compiles once per argument types, and
# that compilation is most of their time.  So that one small set of compiled operations serves
# every test: their numbers are float64 JAX scalars, like their variables (a Python number
# adds a weakly typed variant of each operation); all of them use jax.grad (jax.jvp compiles
# other programs); and they run under jax.disable_jit, so that jax.numpy's functions run as
# their primitive operations (sin, mul, div ...) rather than compiling each of their own
# derivatives as a program.

def jax_expression(tree):
    """The expression as a function of its variables in jax.numpy, its numbers float64 JAX scalars."""
    tree = _map_leaves(tree, lambda leaf: ("c", jnp.float64(leaf[1])) if leaf[0] == "c" else leaf)
    return lambda *xs: evaluate(tree, xs, jnp)


def jax_derivative(tree, x: float) -> float:
    """d/dx of the expression with every variable set to x, by jax.grad."""
    expression = jax_expression(tree)
    with jax.disable_jit():
        return float(jax.grad(lambda t: expression(*(t,) * N_VARS))(jnp.float64(x)))


def jax_value_and_gradient(function, xs) -> tuple[float, np.ndarray]:
    """function(*xs) and its jax.grad with respect to every argument, as a float and an array (len(xs),)."""
    with jax.disable_jit():
        value, grads = jax.value_and_grad(function, argnums=tuple(range(len(xs))))(*(jnp.float64(x) for x in xs))
    return float(value), np.array([float(g) for g in grads])


# ---------------------------------------------------------------- graphs with shared nodes
# A program starts from the inputs x0, x1 and appends one node per step (operation, i, j, c):
# the operation combines the nodes i and j places back from the newest (so hypothesis,
# which shrinks towards 0, prefers deep chains that reuse the newest node).

N_INPUTS = 2
_steps = st.tuples(st.sampled_from(["add", "sub", "mul", "scale"]),
                   st.integers(0, 4), st.integers(0, 4), st.sampled_from([-1.5, -0.5, 0.5, 2.0]))
programs = st.lists(_steps, min_size=1, max_size=10)
inputs = st.tuples(st.floats(-1.2, 1.2, allow_subnormal=False), st.floats(-1.2, 1.2, allow_subnormal=False))


def run_program(program, xs):
    """The last node of the program on the inputs xs (Vars, JAX scalars or floats)."""
    nodes = list(xs)
    for operation, i, j, c in program:
        a, b = nodes[-1 - i % len(nodes)], nodes[-1 - j % len(nodes)]
        nodes.append({"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
                      "scale": lambda: a * c}[operation]())
    return nodes[-1]


def render_program(program) -> str:
    """The program as lines `v2 = v1 * v1`, for the feedback."""
    names, lines = [f"x{k}" for k in range(N_INPUTS)], []
    for operation, i, j, c in program:
        a, b = names[-1 - i % len(names)], names[-1 - j % len(names)]
        right = {"add": f"{a} + {b}", "sub": f"{a} - {b}", "mul": f"{a} * {b}", "scale": f"{a} * {c}"}
        names.append(f"v{len(names) - N_INPUTS}")
        lines.append(f"{names[-1]} = {right[operation]}")
    return "; ".join(lines)


# ---------------------------------------------------------------- worked cases with numbers
# (formula, function, value, derivative) at x = 1.5: a number on either side of each operator.
X0 = 1.5
NUMBER_CASES = (
    ("2 * x", lambda x: 2 * x, 3.0, 2.0),
    ("x * 0.5", lambda x: x * 0.5, 0.75, 0.5),
    ("x + 3", lambda x: x + 3, 4.5, 1.0),
    ("3 + x", lambda x: 3 + x, 4.5, 1.0),
    ("x - 3", lambda x: x - 3, -1.5, 1.0),
    ("2.5 - x", lambda x: 2.5 - x, 1.0, -1.0),
    ("x / 4", lambda x: x / 4, 0.375, 0.25),
    ("1 / x", lambda x: 1 / x, 2.0 / 3.0, -4.0 / 9.0),
    ("x ** 3", lambda x: x ** 3, 3.375, 6.75),
    ("x ** 0.5", lambda x: x ** 0.5, math.sqrt(1.5), 0.5 / math.sqrt(1.5)),
    ("2 ** x", lambda x: 2 ** x, 2.0 * math.sqrt(2.0), 2.0 * math.sqrt(2.0) * math.log(2.0)),
    ("-x", lambda x: -x, -1.5, -1.0),
)

# (name, value, derivative) of the elementary functions at a = 0.5, closed forms.
A0 = 0.5
ELEMENTARY_CASES = (
    ("sin", math.sin(A0), math.cos(A0)),
    ("cos", math.cos(A0), -math.sin(A0)),
    ("exp", math.exp(A0), math.exp(A0)),
    ("log", math.log(A0), 2.0),
    ("tanh", math.tanh(A0), 1.0 / math.cosh(A0) ** 2),
)


# ---------------------------------------------------------------- counting work


class WorkBudgetExceeded(Exception):
    """Raised inside the code under test when it has run more lines than allowed."""


def count_lines(function, budget: int) -> int:
    """Run function() and return how many lines of Python it executed (in every frame).

    Stops the call by raising WorkBudgetExceeded from the tracer once `budget` lines have
    run (a walk over 2^40 paths would never end otherwise); returns budget + 1 then.
    """
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count > budget:
                raise WorkBudgetExceeded
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        function()
    except WorkBudgetExceeded:
        pass
    finally:
        sys.settrace(previous)
    return count
