"""The static rules of autograder.rules: hostile or forbidden code is caught at its line with a
rule a student can read, ordinary student code passes, and so does every module of the course."""

import textwrap
from pathlib import Path

import pytest

from autograder.course import load_course
from autograder.instructor.patches import apply_variant, parse_variants
from autograder.rules import STANDARD_MODULES, Violation, check_source

REPO = Path(__file__).resolve().parents[2]

# The rules of course.toml: module -> (allowed imports, the week's forbidden calls).
RULES = {module: (week.imports[module], week.forbidden_calls)
         for week in load_course(REPO).weeks for module in week.modules}
AUTODIFF = RULES["descent.py"][1]["muller_brown_grad"]

JAX = ("numpy", "jax")
MB_BAN = {"muller_brown_grad": AUTODIFF}


def violations(source: str, allowed=JAX, forbidden=MB_BAN) -> list[Violation]:
    return check_source(textwrap.dedent(source), "descent.py", allowed, forbidden)


def case(id_, source, line, words, allowed=JAX):
    return pytest.param(source, line, words, allowed, id=id_)


HOSTILE = [
    case("import os", "import os\n", 1, "imports os, which this module may not import"),
    case("import sys", "import numpy as np\nimport sys\n", 2, "imports sys"),
    case("import subprocess in a function", """
        def run():
            import subprocess
            return subprocess
        """, 3, "imports subprocess"),
    case("from ctypes", "from ctypes import CDLL\n", 1, "imports ctypes"),
    case("importlib.util", "import importlib.util\n", 1, "imports importlib.util"),
    case("pytest", "import pytest\n", 1, "imports pytest"),
    case("_pytest", "from _pytest.outcomes import Skipped\n", 1, "imports _pytest.outcomes"),
    case("hypothesis", "from hypothesis import given\n", 1, "imports hypothesis"),
    case("the grader", "from autograder import contract\n", 1, "imports autograder"),
    case("the tests' helpers", "import _descent_oracles\n", 1, "imports _descent_oracles"),
    case("inspect", "import inspect\n", 1, "imports inspect"),
    case("gc", "import gc\n", 1, "imports gc"),
    case("signal", "import signal\n", 1, "imports signal"),
    case("threading", "import threading\n", 1, "imports threading"),
    case("multiprocessing", "from multiprocessing import Process\n", 1, "imports multiprocessing"),
    case("builtins", "import builtins\n", 1, "imports builtins"),
    case("jax in a numpy-only module", "import jax.numpy as jnp\n", 1, "imports jax.numpy", ("numpy",)),
    case("relative import", "import numpy as np\nfrom . import helpers\n", 2, "imports from its own folder"),
    case("star import", "from numpy import *\n", 1, "imports * from numpy"),
    case("__import__", "x = 1\nos = __import__('os')\n", 2, "uses __import__"),
    case("exec", "exec('import os')\n", 1, "uses exec, which runs code"),
    case("eval", "def f(s):\n    return eval(s)\n", 2, "uses eval"),
    case("open", "data = open('/etc/passwd').read()\n", 1, "uses open"),
    case("input shadowed only in another function", """
        def f(input):
            return input
        def g():
            return input()
        """, 5, "uses input"),
    case("globals", "globals()['x'] = 1\n", 1, "uses globals"),
    case("locals at module level", "locals()['muller_brown_grad'] = None\n", 1, "uses locals"),
    case("getattr(__builtins__, ...)", "f = getattr(__builtins__, 'open')\n", 1, "uses __builtins__"),
    case("subclasses", "x = ().__class__.__bases__[0].__subclasses__()\n", 1, "uses .__subclasses__"),
    case("__globals__", "def f():\n    pass\ng = f.__globals__\n", 3, "uses .__globals__"),
    case("frames of a traceback", """
        def f():
            try:
                1 / 0
            except ZeroDivisionError as error:
                return error.__traceback__.tb_frame.f_back.f_globals
        """, 6, "uses .f_back"),
    case("getattr with a computed name", "def f(x, name):\n    return getattr(x, name)\n", 2,
         "calls getattr without a string literal"),
    case("getattr with a dunder literal", "def f(x):\n    return getattr(x, '__dict__')\n", 2,
         "calls getattr with '__dict__', a dunder attribute"),
    case("getattr passed around", "import functools\ng = functools.reduce(getattr, ['a'], 1)\n", 2,
         "uses getattr without calling it"),
    case("attrgetter of a dunder", "import operator\ng = operator.attrgetter('__globals__')\n", 2,
         "calls operator.attrgetter with a dunder attribute"),
    case("format string reaching __globals__", "def f():\n    pass\ns = '{0.__globals__}'.format(f)\n", 3,
         "names __globals__ in a string"),
    case("np.asarray monkeypatch", "import numpy as np\nnp.asarray = lambda x: x\n", 2,
         "changes numpy.asarray: a submission may not change a library"),
    case("jax.numpy.exp monkeypatch", "import jax\njax.numpy.exp = abs\n", 2, "changes jax.numpy.exp"),
    case("monkeypatch through an alias", "import numpy as np\nla = np.linalg\nla.norm = abs\n", 3,
         "changes numpy.linalg.norm"),
    case("monkeypatch with setattr", "import numpy as np\nsetattr(np, 'asarray', abs)\n", 2,
         "changes numpy with setattr"),
    case("library item changed", "import numpy as np\nnp.typecodes['All'] = ''\n", 2,
         "changes an item of numpy.typecodes"),
    case("module as a value", "import numpy as np\ndef patch(m):\n    m.sum = abs\npatch(np)\n", 4,
         "uses the module np itself as a value"),
    case("sys.modules reached without import", "m = sys.modules\n", 1, "uses sys, which is outside the rules"),
    case("sys as an attribute", "import typing\nm = typing.sys.modules\n", 2, "uses .sys"),
    case("private part of jax", "import jax\ncore = jax._src.core\n", 2, "uses jax._src, a private part of jax"),
    case("np.load", "import numpy as np\nx = np.load('oracle.npy', allow_pickle=True)\n", 2,
         "uses numpy.load, which reads or writes files"),
    case("as_strided", "from numpy.lib.stride_tricks import as_strided\n", 1, "reads and writes raw memory"),
    case("__array_interface__", "class Raw:\n    __array_interface__ = {}\n", 2, "__array_interface__"),
    case("get_type_hints", "import typing\nh = typing.get_type_hints(len)\n", 2, "evaluates strings as code"),
    case("metaclass", "class M(metaclass=type):\n    pass\n", 1, "gives class M a metaclass"),
    # forbidden calls in muller_brown_grad
    case("forbidden call, direct", """
        import jax
        import jax.numpy as jnp
        def muller_brown(xy):
            return jnp.sum(xy)
        def muller_brown_grad(xy):
            return jax.grad(muller_brown)(xy)
        """, 7, "muller_brown_grad uses jax.grad (line 7), which this function may not use"),
    case("forbidden call, aliased module", """
        import jax as j
        def muller_brown_grad(xy):
            return j.jacrev(sum)(xy)
        """, 4, "muller_brown_grad uses jax.jacrev (line 4)"),
    case("forbidden call, from-import", """
        from jax import grad
        def muller_brown_grad(xy):
            return grad(sum)(xy)
        """, 4, "muller_brown_grad uses jax.grad (line 4)"),
    case("forbidden call, from-import as", """
        from jax import value_and_grad as vg
        def muller_brown_grad(xy):
            return vg(sum)(xy)[1]
        """, 4, "muller_brown_grad uses jax.value_and_grad (line 4)"),
    case("forbidden call, nested in vmap", """
        import jax
        import jax.numpy as jnp
        def muller_brown(xy):
            return jnp.sum(xy)
        muller_brown_grad = jax.vmap(jax.grad(muller_brown))
        """, 6, "muller_brown_grad uses jax.grad (line 6)"),
    case("forbidden call, as a decorator", """
        import jax
        @jax.grad
        def muller_brown_grad(xy):
            return xy.sum()
        """, 3, "muller_brown_grad uses jax.grad (line 3)"),
    case("forbidden call, via a helper", """
        import jax

        def _derivative(f):
            return jax.jvp(f, (1.0,), (1.0,))[1]

        def _helper(xy):
            return _derivative(sum)

        def muller_brown_grad(xy):
            return _helper(xy)
        """, 5, "muller_brown_grad uses jax.jvp (line 5, in _derivative)"),
    case("forbidden call, referenced without a call", """
        import jax
        def muller_brown_grad(xy):
            h = jax.hessian
            return xy
        """, 4, "muller_brown_grad uses jax.hessian (line 4)"),
    case("forbidden call, stored in a module table", """
        import jax
        _TABLE = {}
        def muller_brown_grad(xy):
            return _TABLE['g'](xy)
        def _setup():
            _TABLE['g'] = jax.grad(sum)
        _setup()
        """, 7, "muller_brown_grad uses jax.grad (line 7, in _setup)"),
]


@pytest.mark.parametrize("source, line, words, allowed", HOSTILE)
def test_hostile_or_forbidden_code_is_caught_at_its_line(source, line, words, allowed):
    found = violations(source, allowed)
    assert any(v.line == line and words in v.rule for v in found), "\n".join(map(str, found)) or "no violation"


def test_a_method_may_be_barred_from_names_used_through_self():
    found = check_source(textwrap.dedent("""
        import jax
        class Var:
            def backward(self):
                return self._helper()
            def _helper(self):
                return jax.vjp(sum, 1.0)
            def elsewhere(self):
                return jax.grad(sum)
        """), "autodiff.py", JAX, {"Var.backward": ["jax.vjp", "jax.grad"]})
    assert [str(v) for v in found] == [
        "autodiff.py line 7: Var.backward uses jax.vjp (line 7, in Var._helper), which this function may not use"]


LEGITIMATE = [
    pytest.param("""
        import math


        class Dual:
            def __init__(self, value, derivative=0.0):
                self.value, self.derivative = value, derivative

            def __repr__(self):
                return f"{type(self).__name__}({self.value!r}, {self.derivative!r})"

            def __add__(self, other):
                other = other if isinstance(other, Dual) else Dual(other)
                return Dual(self.value + other.value, self.derivative + other.derivative)

            __radd__ = __add__

            def __mul__(self, other):
                other = other if isinstance(other, Dual) else Dual(other)
                return Dual(self.value * other.value,
                            self.derivative * other.value + self.value * other.derivative)

            def __rmul__(self, other):
                return self.__mul__(other)

            def __neg__(self):
                return Dual(-self.value, -self.derivative)

            def __eq__(self, other):
                return isinstance(other, Dual) and self.value == other.value

            def __hash__(self):
                return hash(self.value)


        def sin(x):
            return Dual(math.sin(x.value), math.cos(x.value) * x.derivative)
        """, ("numpy",), id="operator overloading"),
    pytest.param("""
        from __future__ import annotations

        import dataclasses
        from dataclasses import dataclass, field

        import numpy as np


        @dataclass(frozen=True)
        class Layer:
            weights: np.ndarray
            bias: np.ndarray = field(default_factory=lambda: np.zeros(3))

            def __post_init__(self):
                object.__setattr__(self, "weights", np.asarray(self.weights, dtype=float))


        @dataclasses.dataclass
        class State:
            step: int = 0

            def advanced(self) -> State:
                return dataclasses.replace(self, step=self.step + 1)
        """, ("numpy",), id="dataclasses and __future__ annotations"),
    pytest.param("""
        class Node:
            def __init__(self, value, parents=()):
                self.value, self._parents, self.grad = value, tuple(parents), 0.0


        class Leaf(Node):
            def __init__(self, value):
                super().__init__(value)
                Node.__init__(self, value)

            def __str__(self):
                return f"Leaf({self.value}) with {len(self._parents)} parents"
        """, ("numpy",), id="super().__init__ and private attributes of its own objects"),
    pytest.param("""
        import jax
        import jax.numpy as jnp


        def momentum(grad_fn, x0, lr, beta, n_steps):
            def step(state, _):
                x, v = state
                v = beta * v - lr * grad_fn(x)
                return (x + v, v), x + v

            _, xs = jax.lax.scan(step, (x0, jnp.zeros_like(x0)), length=n_steps)
            return jnp.concatenate([x0[None], xs])


        energy_grad = jax.jit(jax.grad(lambda x: jnp.sum(x**2)))
        """, JAX, id="jax.lax.scan with a closure, jit and grad"),
    pytest.param("""
        import numpy as np


        def check(x):
            if not isinstance(x, np.ndarray):
                raise TypeError(f"expected an array, got {type(x).__name__}")
            try:
                return float(x.sum())
            except ValueError as error:
                raise ValueError(f"bad input: {error}") from error
        """, ("numpy",), id="type(x).__name__ and exceptions"),
    pytest.param("""
        import numpy as np


        class Model:
            def __init__(self):
                self.cache = None

            def forward(self, x):
                if getattr(self, "cache", None) is None and hasattr(x, "shape"):
                    self.cache = np.asarray(x)
                setattr(self, "last", x)
                return getattr(np, "tanh")(x)
        """, ("numpy",), id="getattr, hasattr, setattr with string literals"),
    pytest.param("""
        import functools
        import itertools
        import operator

        import jax.numpy as jnp

        total = functools.partial(jnp.sum, axis=-1)
        product = functools.reduce(operator.mul, [1, 2, 3])
        pairs = list(itertools.combinations(range(4), 2))
        real_part = operator.attrgetter("real")


        @functools.lru_cache(maxsize=None)
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)
        """, JAX, id="functools.partial, reduce, lru_cache, operator"),
    pytest.param("""
        from collections import defaultdict, deque
        from typing import Callable, NamedTuple

        import numpy as np


        class Batch(NamedTuple):
            x: np.ndarray
            y: np.ndarray


        def energy(spins: np.ndarray, coupling: float = 1.0) -> float:
            neighbours = np.roll(spins, 1, axis=0) + np.roll(spins, 1, axis=1)
            rng = np.random.default_rng(0)
            noise = rng.normal(size=spins.shape)
            counts = defaultdict(int)
            for s in spins.ravel():
                counts[int(s)] += 1
            queue = deque([np.linalg.norm(noise)])
            return float(-coupling * np.einsum("ij,ij->", spins, neighbours)) + 0 * queue[0]


        def apply(f: Callable[[float], float], xs: list[float]) -> list[float]:
            return [f(x) for x in xs if x > 0] + [y**2 for y in (x / 2 for x in xs)]
        """, ("numpy",), id="a numpy-only module"),
    pytest.param("""
        def local_energy(log_psi, x):
            import jax
            import jax.numpy as jnp
            from jax.scipy.special import logsumexp
            return jnp.trace(jax.hessian(log_psi)(x)) + logsumexp(x)
        """, JAX, id="imports of an allowed package inside a function"),
    pytest.param("""
        import numpy as np


        def forward(input, compile=True, open=False):
            vars = [input, compile, open]
            return np.asarray(vars)
        """, ("numpy",), id="parameters and locals named like forbidden built-ins"),
    pytest.param("""
        import jax
        import jax.numpy as jnp
        from jax import grad

        PARAMS = {"a": (1.0, 2.0)}


        def potential(xy):
            return jnp.sum(jnp.asarray(PARAMS["a"]) * xy**2)


        def _terms(xy):
            return 2 * jnp.asarray(PARAMS["a"]) * xy


        def muller_brown_grad(xy):
            grad = _terms(xy)  # a local variable, not jax.grad
            return grad


        auto_grad = grad(potential)
        check = jax.jacfwd(potential)
        """, JAX, id="hand-derived gradient next to autodiff elsewhere in the module"),
    pytest.param("""
        import numpy as np


        class Var:
            def __init__(self, value):
                self.value = value

            def __mul__(self, other):
                return Var(self.value.__mul__(other.value))

            def __array__(self, dtype=None, copy=None):
                return np.asarray(self.value, dtype=dtype)


        seen = {id(Var(1.0))}
        version = np.__version__
        """, ("numpy",), id="explicit dunder calls, __array__, id, np.__version__"),
]


@pytest.mark.parametrize("source, allowed", LEGITIMATE)
def test_ordinary_student_code_passes(source, allowed):
    assert violations(source, allowed) == []


def test_a_violation_reads_file_line_and_rule_and_lists_what_is_allowed():
    [found] = violations("import numpy as np\n\nimport os\n", ("numpy",))
    assert found == Violation(3, found.rule, "descent.py")
    assert str(found) == ("descent.py line 3: imports os, which this module may not import "
                          f"(allowed: numpy, {', '.join(STANDARD_MODULES)})")


def test_violations_are_ordered_by_line_and_syntax_errors_are_not_violations():
    found = violations("import sys\nx = eval('1')\nimport os\n")
    assert [v.line for v in found] == [1, 2, 3]
    assert violations("import os\ndef broken(:\n") == []


def test_code_nested_too_deeply_to_parse_is_refused():
    [found] = violations("x = " + "1 + " * 100_000 + "1\n")
    assert found.line == 1 and "too deeply" in found.rule


# ------------------------------------------------------------------ the course's own modules


def week_of(module: str) -> str:
    [folder] = [path.parent.name for path in (REPO / "solutions").glob(f"week0*/{module}")]
    return folder


def course_modules():
    """(label, module name, text) of every solution, stub and patched variant."""
    for root in ("solutions", "assignments"):
        for path in sorted((REPO / root).glob("week0*/*.py")):
            yield pytest.param(path.name, path.read_text(encoding="utf-8"), id=f"{root}/{path.parent.name}/{path.name}")
    for diff in sorted(REPO.glob("tests/week*/variants/*.diff")):
        module = f"{diff.stem}.py"
        reference = (REPO / "solutions" / diff.parent.parent.name / module).read_text(encoding="utf-8")
        for variant in parse_variants(diff, module):
            yield pytest.param(module, apply_variant(reference, variant), id=f"variant/{variant.label}")


@pytest.mark.parametrize("module, text", list(course_modules()))
def test_every_course_module_passes_its_rules(module, text):
    """A correct alternative that broke a rule would be refused for a student who wrote it."""
    found = check_source(text, module, *RULES[module])
    assert found == [], "\n".join(map(str, found))


def autodiff_variant(tmp_path, hunks: str) -> str:
    """The week 1 solution with `hunks` (the variants format) applied."""
    diff = tmp_path / "descent.diff"
    diff.write_text(f"=== buggy autodiff: muller_brown_grad\nUses autodiff.\n{textwrap.dedent(hunks)}")
    [variant] = parse_variants(diff, "descent.py")
    return apply_variant((REPO / "solutions" / week_of("descent.py") / "descent.py").read_text(), variant)


@pytest.mark.parametrize("hunks, used, use", [
    pytest.param("""\
        @@ <module>
        +import jax
        @@ muller_brown_grad
        -...
        +    return jax.vmap(jax.grad(muller_brown))(xy)
        """, "jax.grad", "return jax.vmap(jax.grad(muller_brown))(xy)", id="jax.vmap(jax.grad(muller_brown))"),
    pytest.param("""\
        @@ <module>
        +from jax import grad
        @@ muller_brown_grad
        -...
        +    return grad(muller_brown)(xy)
        """, "jax.grad", "return grad(muller_brown)(xy)", id="from jax import grad"),
    pytest.param("""\
        @@ <module>
        +import jax
        +
        +def _autodiff(f):
        +    return jax.jacrev(f)
        @@ muller_brown_grad
        -...
        +    return _autodiff(muller_brown)(xy)
        """, "jax.jacrev", "return jax.jacrev(f)", id="through a helper"),
])
def test_muller_brown_grad_by_autodiff_breaks_the_rule(tmp_path, hunks, used, use):
    """The solution's muller_brown_grad passes (test above); rewritten with autodiff it fails at the use."""
    text = autodiff_variant(tmp_path, hunks)
    found = check_source(text, "descent.py", *RULES["descent.py"])
    [line] = [number for number, text_line in enumerate(text.splitlines(), start=1) if text_line.strip() == use]
    assert [(v.line, f"muller_brown_grad uses {used} (line {line}" in v.rule) for v in found] == [(line, True)]
