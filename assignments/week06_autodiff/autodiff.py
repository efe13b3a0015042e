"""Week 6, part 1: automatic differentiation from scratch, on plain Python floats.

Every program that computes a number is a composition of elementary steps (+, -, *, /,
**, sin, cos, exp, log, tanh) whose derivatives we know.  Automatic differentiation applies
the chain rule to these steps, exactly (to rounding), without finite differences and
without symbolic algebra.  It comes in two modes:

Forward mode (`Dual`, `derivative`)
    Carry with every value a its derivative a' = da/dx with respect to one input x.  A
    dual number (a, a') is a + a' eps with eps^2 = 0; each step maps (a, a') to
    (f(a), f'(a) a').  One pass gives one directional derivative.  Rules, for
    u = (a, a') and v = (b, b'):

        u + v = (a + b, a' + b')            u - v = (a - b, a' - b')
        u * v = (a b, a' b + a b')          (product rule)
        u / v = (a / b, (a' b - a b') / b^2)   (quotient rule)
        u ** n = (a^n, n a^(n-1) a')        for a number n
        u ** v = (a^b, b a^(b-1) a' + a^b ln(a) b')   (needs a > 0)
        f(u) = (f(a), f'(a) a')             (chain rule), with
        sin' = cos, cos' = -sin, exp' = exp, log'(a) = 1/a, tanh' = 1 - tanh^2.

    A number c on either side is the constant (c, 0): 2 * u, u - 3, 1 / u, 2 ** u.

Reverse mode (`Var`, `backward`, `gradient`)
    Record the computation as a graph: every `Var` remembers its parents and the local
    derivatives d(node)/d(parent), evaluated when the node is built.  `backward(out)` then
    sets out.grad = 1 and sweeps the graph from the output towards the inputs, each node
    once, in reverse topological order (every node after all the nodes that use it), with

        parent.grad += d(node)/d(parent) * node.grad.

    The sum matters: a node used twice (x * x, or y + y with y = x * x) receives one
    contribution per use.  One backward pass gives the derivatives of one output with
    respect to every input: the gradient.

Graphs can be deep (10,000 nodes in a chain), so nothing here may recurse once per node:
Python stops at about 1,000 nested calls.
"""

import math


class Dual:
    """A dual number (value, derivative) for forward-mode differentiation.

    Supports + - * / ** and unary - between Duals and with a number (int or float) on
    either side; a number c acts as the constant Dual(c, 0).  The rules are listed in the
    module docstring.  `x ** y` with a Dual exponent needs a positive base (the derivative
    has a ln term) and raises ValueError otherwise.  Any other operand gives
    `NotImplemented` (Python then raises TypeError).

    Attributes:
        value: a, the value of the quantity (a float).
        derivative: a' = da/dx, its derivative with respect to the chosen input x (a float).
    """

    def __init__(self, value, derivative):
        self.value = float(value)
        self.derivative = float(derivative)

    def __repr__(self):
        return f"Dual({self.value!r}, {self.derivative!r})"

    def __add__(self, other):
        raise NotImplementedError('week 6, autodiff.py: Dual.__add__ is not implemented yet')

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        raise NotImplementedError('week 6, autodiff.py: Dual.__sub__ is not implemented yet')

    def __rsub__(self, other):
        """other - self, for a number other."""
        raise NotImplementedError('week 6, autodiff.py: Dual.__rsub__ is not implemented yet')

    def __mul__(self, other):
        raise NotImplementedError('week 6, autodiff.py: Dual.__mul__ is not implemented yet')

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        raise NotImplementedError('week 6, autodiff.py: Dual.__truediv__ is not implemented yet')

    def __rtruediv__(self, other):
        """other / self, for a number other."""
        raise NotImplementedError('week 6, autodiff.py: Dual.__rtruediv__ is not implemented yet')

    def __pow__(self, other):
        """self ** other: power rule for a number exponent, with the ln term for a Dual one.

        Raises:
            ValueError: if other is a Dual and self.value <= 0 (the derivative with
                respect to the exponent has the factor ln self.value).
        """
        raise NotImplementedError('week 6, autodiff.py: Dual.__pow__ is not implemented yet')

    def __rpow__(self, other):
        """other ** self, for a positive number other: d/dx c^x = c^x ln c.

        Raises:
            ValueError: if other is a number <= 0.
        """
        raise NotImplementedError('week 6, autodiff.py: Dual.__rpow__ is not implemented yet')

    def __neg__(self):
        raise NotImplementedError('week 6, autodiff.py: Dual.__neg__ is not implemented yet')


def _as_dual(x):
    """x as a Dual: a Dual itself, a number c the constant Dual(c, 0), anything else None."""
    if isinstance(x, Dual):
        return x
    if isinstance(x, (int, float)):
        return Dual(x, 0.0)
    return None


class Var:
    """A node of the computational graph for reverse-mode differentiation.

    Create the inputs with `Var(value)`; the operations build the other nodes.

    Supports + - * / ** and unary - between Vars and with a number (int or float) on
    either side; a number c acts as a constant input Var(c), whose grad nobody reads.
    `x ** y` with a Var exponent needs a positive base and raises ValueError otherwise.
    Any other operand gives `NotImplemented` (Python then raises TypeError).

    Attributes:
        value: the value computed at this node (a float).
        grad: d(out)/d(node) for the output `out` of the last `backward(out)`, a float:
            0.0 until then.
        _parents: tuple of (Var, float) pairs, the nodes this one was computed from, each
            with the local derivative d(this node)/d(parent) evaluated at the current
            values.  An input has none.  A parent used twice (x * x) appears twice.
    """

    def __init__(self, value, parents=()):
        self.value = float(value)
        self.grad = 0.0
        self._parents = tuple(parents)

    def __repr__(self):
        return f"Var({self.value!r}, grad={self.grad!r})"

    def __add__(self, other):
        raise NotImplementedError('week 6, autodiff.py: Var.__add__ is not implemented yet')

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        raise NotImplementedError('week 6, autodiff.py: Var.__sub__ is not implemented yet')

    def __rsub__(self, other):
        """other - self, for a number other."""
        raise NotImplementedError('week 6, autodiff.py: Var.__rsub__ is not implemented yet')

    def __mul__(self, other):
        raise NotImplementedError('week 6, autodiff.py: Var.__mul__ is not implemented yet')

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        raise NotImplementedError('week 6, autodiff.py: Var.__truediv__ is not implemented yet')

    def __rtruediv__(self, other):
        """other / self, for a number other."""
        raise NotImplementedError('week 6, autodiff.py: Var.__rtruediv__ is not implemented yet')

    def __pow__(self, other):
        """self ** other: power rule for a number exponent, with the ln term for a Var one.

        Raises:
            ValueError: if other is a Var and self.value <= 0 (the derivative with
                respect to the exponent has the factor ln self.value).
        """
        raise NotImplementedError('week 6, autodiff.py: Var.__pow__ is not implemented yet')

    def __rpow__(self, other):
        """other ** self, for a positive number other: d/dx c^x = c^x ln c.

        Raises:
            ValueError: if other is a number <= 0.
        """
        raise NotImplementedError('week 6, autodiff.py: Var.__rpow__ is not implemented yet')

    def __neg__(self):
        raise NotImplementedError('week 6, autodiff.py: Var.__neg__ is not implemented yet')


def _as_var(x):
    """x as a Var: a Var itself, a number c a constant input Var(c), anything else None."""
    if isinstance(x, Var):
        return x
    if isinstance(x, (int, float)):
        return Var(x)
    return None


def _check_positive_base(base):
    """x ** y differentiated with respect to y has the factor ln x: x must be positive.

    Raises:
        ValueError: if base <= 0.
    """
    if base <= 0:
        raise ValueError(f"a power with a variable exponent needs a positive base "
                         f"(d/dy x^y = x^y ln x), got base {base}")


def _elementary(x, f, df):
    """Apply a scalar function f with derivative df to a float, a Dual or a Var.

    The chain rule in one place; f and df take and return floats.

    Args:
        x: a number (int or float), a Dual or a Var.
        f: the function, float -> float.
        df: its derivative, float -> float.

    Returns:
        f(x) for a number x; Dual(f(a), df(a) a') for x = Dual(a, a'); for a Var x, a new
        Var of value f(x.value) whose only parent is x, with local derivative df(x.value).

    Raises:
        TypeError: if x is neither a number, nor a Dual, nor a Var.
    """
    raise NotImplementedError('week 6, autodiff.py: _elementary is not implemented yet')


def sin(x):
    """sin x of a float, a Dual or a Var, of the same kind; d/dx sin x = cos x."""
    raise NotImplementedError('week 6, autodiff.py: sin is not implemented yet')


def cos(x):
    """cos x of a float, a Dual or a Var, of the same kind; d/dx cos x = -sin x."""
    raise NotImplementedError('week 6, autodiff.py: cos is not implemented yet')


def exp(x):
    """e^x of a float, a Dual or a Var, of the same kind; d/dx e^x = e^x."""
    raise NotImplementedError('week 6, autodiff.py: exp is not implemented yet')


def log(x):
    """Natural logarithm of a float, a Dual or a Var, of the same kind; d/dx ln x = 1/x.

    Raises:
        ValueError: if the value is not positive (ln is defined for x > 0 only), as
            math.log does.
    """
    raise NotImplementedError('week 6, autodiff.py: log is not implemented yet')


def tanh(x):
    """tanh x of a float, a Dual or a Var, of the same kind; d/dx tanh x = 1 - tanh^2 x."""
    raise NotImplementedError('week 6, autodiff.py: tanh is not implemented yet')


def derivative(f, x):
    """f'(x) by forward mode: one evaluation of f on the dual number Dual(x, 1).

    Args:
        f: a function of one argument written with + - * / ** and the functions of this
            module (sin, cos, exp, log, tanh), so that it works on a Dual.
        x: the point, a float.

    Returns:
        df/dx at x, a float; 0.0 if f does not depend on its argument (returns a plain
        number).

    Raises:
        TypeError: if f is not callable.
    """
    raise NotImplementedError('week 6, autodiff.py: derivative is not implemented yet')


def backward(out):
    """Reverse-mode sweep: d(out)/d(node) into node.grad for every ancestor node of out.

    Sets out.grad = 1 and visits every node of the graph below `out` exactly once, in
    reverse topological order (a node only after every node that uses it), adding
    local derivative * node.grad to the grad of each parent.  Contributions through
    several paths add up.  Call it once per graph, on a graph of fresh Vars (grad 0.0).

    Must work on deep graphs (a chain of 10,000 nodes) in time proportional to the number
    of nodes and edges: no recursion per node (Python's limit is ~1,000 nested calls), and
    no walk that goes through a shared node once per path (2^n paths through n diamonds).

    Args:
        out: the output node, a Var.

    Raises:
        TypeError: if out is not a Var.
    """
    raise NotImplementedError('week 6, autodiff.py: backward is not implemented yet')


def gradient(f, *xs):
    """The gradient of f at the point xs, by reverse mode.

    Builds a fresh input Var for every x, evaluates f on them and runs `backward` once.

    Args:
        f: a function of len(xs) arguments written with + - * / ** and the functions of
            this module, returning one number.
        *xs: the point, one float per argument of f.

    Returns:
        A tuple of floats (df/dx_1, ..., df/dx_n), one entry per argument; 0.0 for an
        argument f does not use.

    Raises:
        TypeError: if f is not callable.
    """
    raise NotImplementedError('week 6, autodiff.py: gradient is not implemented yet')
