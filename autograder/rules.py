"""Static rules for a submitted module, checked on its source (with `ast`) before any of it runs.

A student module runs inside the process that runs its tests, so it must not reach what grades
it.  `check_source` reads the module's text, never runs it, and returns every rule it breaks
with the line; the grader scores a module that breaks one 0 and names the line and the rule.
This is the first line of defence, not the only one: Python can always build a name at run time.

Imports
- Only STANDARD_MODULES and the week's packages (numpy; jax in jax weeks), judged by the
  top-level package and counted anywhere in the module: anything else (os, sys, importlib,
  pytest, hypothesis, the tests' helpers, the grader) can read or change what grades it.
- No relative imports (`from . import x`): a submission is one module, and they reach the grader.
- No `from X import *`: it hides which names the module uses, so the rules below cannot follow them.

Built-in names (unless a function's own local variable of that name)
- No exec, eval, compile, __import__, help: they run code, or import a module, named by a string.
- No open, input, breakpoint: files, the grader's input, a debugger.
- No globals, locals, vars, __builtins__, __loader__, __spec__: the module's namespace and the
  import system, through which any function or import can be replaced.
- No sys, os, importlib, builtins, subprocess, ctypes, even reached without an import (as a
  name or as an attribute, `x.sys`): they are the interpreter and the operating system.

Introspection
- No interpreter internals as attributes (`f.__globals__`, `().__class__.__bases__`,
  `e.__traceback__.tb_frame.f_back`, ...): they lead to the tests' and the grader's objects.
  Dunder methods are fine: `def __add__`, `super().__init__()`, `x.__mul__(y)`, `type(x).__name__`.
- getattr, setattr, delattr, hasattr only called directly, with a string literal that is not a
  dunder; the same for operator.attrgetter and operator.methodcaller: else the rules cannot see
  which attribute is reached.
- No string literal or keyword naming an internal attribute (`"{0.__globals__}".format(f)`).
- No `__annotations__`, even defined in a class body: dataclasses turn its keys into code.
- No typing.get_type_hints, typing.ForwardRef, functools.singledispatch(method), `._evaluate`,
  dataclasses.make_dataclass, dataclasses.dataclass other than as a class decorator, and no
  `metaclass=`: they evaluate strings as code or build classes from computed names.
- No `__array_interface__`, `__array_struct__`, `.ctypes`, numpy.ctypeslib, as_strided: they
  read and write raw memory.

Libraries (anything reached from an imported module, also through a `from` import or an alias)
- No assignment or del on it (`np.asarray = f`, `setattr(np, "x", v)`, `np.x[0] = v`):
  monkeypatching changes the library for the tests too.
- An `import`ed module only through its attributes (`np.sum`), never as a value (`f(np)`).
- No private parts (`jax._src`, `np._core`): they hold their own sys and os.
- No file access (np.load, np.save, np.loadtxt, np.fromfile, np.memmap, `x.tofile`, `x.dump`,
  ...): open is forbidden, and np.load of a pickle imports any module.
- No numpy.testing, numpy.f2py, numpy.distutils: they run code from strings or compile it.

One function (`forbidden_calls`)
- A function may be barred from names such as jax.grad (a gradient "derived by hand"): in its
  body, decorators and defaults, in its nested functions, in what the module binds to its name,
  and in the module-level functions, classes and variables it uses, transitively.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import types
from collections.abc import Iterable, Mapping

STANDARD_MODULES = ("math", "cmath", "functools", "itertools", "operator", "numbers", "collections",
                    "dataclasses", "typing", "__future__")


def _table(reasons: dict[str, str]) -> dict[str, str]:
    """{reason: "name name ..."} -> {name: reason}."""
    return {name: reason for reason, names in reasons.items() for name in names.split()}


_OUTSIDE = "is outside the rules (it is the interpreter or the operating system)"
_INTERNALS = "reaches the interpreter's internals (and through them the tests and the grader)"
_MEMORY = "reads and writes raw memory"
_EVALUATES = "evaluates strings as code"
_FORBIDDEN_NAMES = _table({
    "runs code, or imports a module, named by a string": "__import__ exec eval compile help",
    "reads files or the grader's input, or starts a debugger": "open input breakpoint",
    "reaches the module's namespace or the import system": "globals locals vars __builtins__ __loader__ __spec__",
    _OUTSIDE: "sys os importlib builtins subprocess ctypes",
})
_INTERNAL_ATTRIBUTES = _table({
    _INTERNALS: "__globals__ __code__ __closure__ __subclasses__ __bases__ __base__ __mro__ __dict__ "
                "__builtins__ __class__ __getattribute__ __reduce__ __reduce_ex__ __import__ __loader__ "
                "__spec__ __func__ __self__ __module__ __wrapped__ __defaults__ __kwdefaults__ "
                "__setstate__ __traceback__ tb_frame tb_next f_back f_globals f_locals f_builtins f_code "
                "gi_frame gi_code cr_frame cr_code ag_frame ag_code",
    "holds names that dataclasses turn into code": "__annotations__",
    _MEMORY: "__array_interface__ __array_struct__ ctypes",
    "writes files": "tofile dump",
    _EVALUATES: "_evaluate",
    _OUTSIDE: "sys os importlib builtins subprocess",
})
# Names a module may not even define (a class attribute numpy or dataclasses would read).
_FORBIDDEN_DEFINITIONS = ("__array_interface__", "__array_struct__", "__annotations__")
_INTERNAL_WORDS = re.compile(r"\b(%s)\b" % "|".join(  # the names to look for in strings
    name for name, reason in _INTERNAL_ATTRIBUTES.items() if name.startswith("__") or reason == _INTERNALS))
# Attributes of anything reached from an imported module.
_LIBRARY_ATTRIBUTES = _table({
    "reads or writes files": "load save savez savez_compressed loadtxt savetxt genfromtxt fromfile "
                             "fromregex memmap open_memmap DataSource recfromcsv recfromtxt",
    _MEMORY: "ctypeslib as_strided",
    "runs code from strings or compiles it": "testing f2py distutils",
})
_LIBRARY_FUNCTIONS = _table({
    _EVALUATES: "typing.get_type_hints typing.ForwardRef functools.singledispatch functools.singledispatchmethod",
    "builds a class from computed names": "dataclasses.make_dataclass",
})
_PUBLIC_DUNDERS = ("__name__", "__qualname__", "__doc__", "__version__")
_ACCESSORS = ("getattr", "setattr", "delattr", "hasattr")
_STRING_ACCESSORS = ("operator.attrgetter", "operator.methodcaller")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclasses.dataclass(frozen=True)
class Violation:
    """One broken rule: the line of the module and the rule, in words a student understands."""

    line: int
    rule: str
    filename: str = "the module"

    def __str__(self) -> str:
        return f"{self.filename} line {self.line}: {self.rule}"


def check_source(source: str, filename: str, allowed_imports: Iterable[str],
                 forbidden_calls: Mapping[str, Iterable[str]] = types.MappingProxyType({})) -> list[Violation]:
    """Every rule of this module's docstring that `source` breaks, ordered by line.

    Args:
        source: the text of the submitted module.
        filename: its name in the messages ("descent.py").
        allowed_imports: top-level packages it may import besides STANDARD_MODULES ({"numpy", "jax"}).
        forbidden_calls: {qualified function name ("muller_brown_grad", "Var.backward"): dotted
            names it may not use ("jax.grad", ...)}.

    Returns:
        The violations, by line; [] for source that does not parse (the grader reports
        syntax errors itself).
    """
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return []
    except (RecursionError, MemoryError):
        return [Violation(1, "is nested too deeply to be checked (simplify it)", filename)]
    module = _Module(tree)
    packages = [allowed_imports] if isinstance(allowed_imports, str) else sorted(allowed_imports)
    found = module.violations((*packages, *STANDARD_MODULES))
    for function, names in forbidden_calls.items():
        found += module.forbidden_uses(function, (names,) if isinstance(names, str) else tuple(names))
    unique = {(line, rule) for line, rule in found}
    return [Violation(line, rule, filename) for line, rule in sorted(unique)]


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _library_problem(dotted: str, whole: bool) -> str | None:
    """Why `dotted` (rooted at an imported module) is forbidden: every part, or only the last."""
    parts = dotted.split(".")
    for i in range(1 if whole else len(parts) - 1, len(parts)):
        part, prefix = parts[i], ".".join(parts[: i + 1])
        if prefix in _LIBRARY_FUNCTIONS:
            return f"uses {prefix}, which {_LIBRARY_FUNCTIONS[prefix]}"
        if part in _LIBRARY_ATTRIBUTES:
            return f"uses {prefix}, which {_LIBRARY_ATTRIBUTES[part]}"
        if part.startswith("_") and part not in _PUBLIC_DUNDERS:
            return f"uses {prefix}, a private part of {parts[0]} (use only its public names)"
    return None


class _Module:
    """A parsed module: who encloses what, which names each scope binds, and to what."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.parent: dict[ast.AST, tuple[ast.AST, str, int | None]] = {}
        for node in ast.walk(tree):
            for field, value in ast.iter_fields(node):
                for index, child in (enumerate(value) if isinstance(value, list) else [(None, value)]):
                    if isinstance(child, ast.AST):
                        self.parent[child] = (node, field, index)
        self.local: dict[ast.AST, set[str]] = {}  # scope -> the names it binds
        self.bound_to: dict[ast.AST, dict[str, str]] = {}  # scope -> name -> dotted (imports, aliases)
        self.imported_modules: set[tuple[ast.AST, str]] = set()  # (scope, name) bound by `import`
        self.module_bindings: dict[str, list[ast.AST]] = {}  # module-level name -> defs and statements
        self._changes: dict[str, list[ast.AST]] | None = None  # module-level name -> statements that may change it
        self._bind()

    # ---------------------------------------------------------------- scopes and names

    def scope_of(self, node: ast.AST, skip_comprehensions: bool = False) -> ast.AST:
        """The innermost function, lambda, class body or comprehension that `node` runs in."""
        child, inner_field = node, None
        while child in self.parent:
            parent, field, index = self.parent[child]
            inside = field in ("body", "elt", "key", "value") or (
                field == "generators" and (index > 0 or inner_field != "iter"))
            if isinstance(parent, _SCOPES) and inside and not (
                    skip_comprehensions and isinstance(parent, _COMPREHENSIONS)):
                return parent
            child, inner_field = parent, field
        return self.tree

    def _binding_scope(self, scope: ast.AST, name: str, declared: dict) -> ast.AST:
        """Where a binding of `name` in `scope` lands, after `global` and `nonlocal`."""
        if declared.get((scope, name)) == "global":
            return self.tree
        while declared.get((scope, name)) == "nonlocal" and scope is not self.tree:
            scope = self.scope_of(scope)
            while isinstance(scope, ast.ClassDef):
                scope = self.scope_of(scope)
        return scope

    def _bind(self) -> None:
        declared = {}
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                scope = self.scope_of(node)
                for name in node.names:
                    declared[scope, name] = "global" if isinstance(node, ast.Global) else "nonlocal"
        aliases = []
        for node in ast.walk(self.tree):
            names, scope = [], None
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                names, scope = [(node.id, None)], self.scope_of(node, self._walrus_target(node))
            elif isinstance(node, ast.arg):
                names, scope = [(node.arg, None)], self.parent[self.parent[node][0]][0]
            elif isinstance(node, (*_DEFS, ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
                names, scope = [(node.name, None)], self.scope_of(node)
            elif isinstance(node, ast.MatchMapping) and node.rest:
                names, scope = [(node.rest, None)], self.scope_of(node)
            elif isinstance(node, ast.Import):
                names, scope = [(alias.asname or alias.name.split(".")[0],
                                 alias.name if alias.asname else alias.name.split(".")[0])
                                for alias in node.names], self.scope_of(node)
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names, scope = [(alias.asname or alias.name, f"{node.module}.{alias.name}")
                                for alias in node.names if alias.name != "*"], self.scope_of(node)
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                aliases.append(node)
            for name, dotted in names:
                where = self._binding_scope(scope, name, declared)
                self.local.setdefault(where, set()).add(name)
                if dotted:
                    self.bound_to.setdefault(where, {}).setdefault(name, dotted)
                    if isinstance(node, ast.Import):
                        self.imported_modules.add((where, name))
                if where is self.tree:
                    binding = node if isinstance(node, _DEFS) else self._statement(node)
                    self.module_bindings.setdefault(name, []).append(binding)
        # `h = jax.grad`, `la = np.linalg`, and aliases of aliases: a binding re-examines its users.
        users: dict[str, list[ast.AST]] = {}
        for node in aliases:
            root = self._chain(node.value)[0]
            if root is not None:
                users.setdefault(root.id, []).append(node)
        todo = [node for nodes in users.values() for node in nodes]
        while todo:
            node = todo.pop()
            dotted = self.resolve(node.value)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets if dotted else ():
                if isinstance(target, ast.Name):
                    where = self._binding_scope(self.scope_of(target, self._walrus_target(target)),
                                                target.id, declared)
                    names = self.bound_to.setdefault(where, {})
                    if target.id not in names:
                        names[target.id] = dotted
                        todo += users.get(target.id, [])

    def _walrus_target(self, node: ast.AST) -> bool:
        """`node` is the x of `(x := ...)`, which binds in the scope around a comprehension."""
        return self.parent[node][1] == "target" and isinstance(self.parent[node][0], ast.NamedExpr)

    def _statement(self, node: ast.AST) -> ast.AST:
        while not isinstance(node, ast.stmt) and node in self.parent:
            node = self.parent[node][0]
        return node

    def lookup(self, name: ast.Name) -> ast.AST | None:
        """The scope whose binding the name `name` refers to (None: a built-in or unbound)."""
        scope, innermost = self.scope_of(name, self._walrus_target(name)), True
        while True:
            if (innermost or not isinstance(scope, ast.ClassDef)) and name.id in self.local.get(scope, ()):
                return scope
            if scope is self.tree:
                return None
            scope, innermost = self.scope_of(scope), False

    def _chain(self, node: ast.AST) -> tuple[ast.Name | None, list[str]]:
        """`a.b.c` (or `getattr(a.b, "c")`) as the name a and the attributes ["b", "c"]."""
        attributes = []
        while True:
            if isinstance(node, ast.Attribute):
                attributes.append(node.attr)
                node = node.value
            elif self._accessor_call(node, "getattr") and _literal(node.args[1]) is not None:
                attributes.append(node.args[1].value)
                node = node.args[0]
            else:
                return (node if isinstance(node, ast.Name) else None), attributes[::-1]

    def resolve(self, node: ast.AST) -> str | None:
        """The dotted name (`jax.grad`) an expression stands for, if it is rooted at an import."""
        name, attributes = self._chain(node)
        scope = self.lookup(name) if name is not None else None
        root = self.bound_to.get(scope, {}).get(name.id) if scope is not None else None
        return ".".join([root, *attributes]) if root else None

    def _accessor_call(self, node: ast.AST, *names: str) -> bool:
        """`node` calls the built-in getattr (or another of `names`) directly, with >= 2 arguments."""
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
                and self.lookup(node.func) in (None, self.tree) and len(node.args) >= 2
                and not any(isinstance(arg, ast.Starred) for arg in node.args[:2]))

    def _called(self, node: ast.AST) -> bool:
        parent = self.parent.get(node, (None,))[0]
        return isinstance(parent, ast.Call) and parent.func is node

    # ---------------------------------------------------------------- the module-wide rules

    def violations(self, allowed: tuple[str, ...]) -> list[tuple[int, str]]:
        """(line, rule) of every module-wide rule broken."""
        found = []
        allowed_words = ", ".join(dict.fromkeys(allowed))
        for node in ast.walk(self.tree):
            line = getattr(node, "lineno", 1)
            for rule in self._node_rules(node, allowed, allowed_words):
                found.append((line, rule))
        return found

    def _node_rules(self, node: ast.AST, allowed: tuple[str, ...], allowed_words: str) -> Iterable[str]:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield from self._import_rules(node, allowed, allowed_words)
        elif isinstance(node, ast.Name):
            yield from self._name_rules(node)
        elif isinstance(node, ast.Attribute):
            if node.attr in _INTERNAL_ATTRIBUTES:
                yield f"uses .{node.attr}, which {_INTERNAL_ATTRIBUTES[node.attr]}"
            base = self.resolve(node.value)
            if base:
                problem = _library_problem(f"{base}.{node.attr}", whole=False)
                if problem:
                    yield problem
                if not isinstance(node.ctx, ast.Load):
                    yield f"changes {base}.{node.attr}: a submission may not change a library (the tests use it too)"
            yield from self._reference_rules(node)
        elif isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load):
            base = self.resolve(node.value)
            if base:
                yield f"changes an item of {base}: a submission may not change a library (the tests use it too)"
        elif isinstance(node, ast.Call):
            yield from self._call_rules(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            parent = self.parent[node][0]
            match = _INTERNAL_WORDS.search(node.value)
            if match and not isinstance(parent, ast.Expr) and not self._accessor_call(parent, *_ACCESSORS):
                yield f"names {match.group()} in a string, which {_INTERNAL_ATTRIBUTES[match.group()]}"
        elif isinstance(node, ast.keyword) and node.arg in _INTERNAL_ATTRIBUTES and _dunder(node.arg):
            yield f"passes a keyword {node.arg}, which {_INTERNAL_ATTRIBUTES[node.arg]}"
        elif isinstance(node, (*_DEFS, ast.arg)):
            name = node.arg if isinstance(node, ast.arg) else node.name
            if name in _FORBIDDEN_DEFINITIONS:
                yield f"defines {name}, which {_INTERNAL_ATTRIBUTES[name]}"
            if isinstance(node, ast.ClassDef) and any(keyword.arg == "metaclass" for keyword in node.keywords):
                yield f"gives class {node.name} a metaclass, which builds classes in ways these rules cannot see"

    def _import_rules(self, node, allowed, allowed_words) -> Iterable[str]:
        if isinstance(node, ast.ImportFrom) and node.level:
            yield f"imports from its own folder (from {'.' * node.level}{node.module or ''} import ...): " \
                  f"a submission is one module and may import only {allowed_words}"
            return
        modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module]
        for module in modules:
            if module.split(".")[0] not in allowed:
                yield f"imports {module}, which this module may not import (allowed: {allowed_words})"
            elif isinstance(node, ast.Import) and _library_problem(module, whole=True):
                yield _library_problem(module, whole=True)
        if isinstance(node, ast.ImportFrom) and node.module.split(".")[0] in allowed:
            for alias in node.names:
                if alias.name == "*":
                    yield f"imports * from {node.module}: import the names it uses, so that they can be checked"
                else:
                    problem = _library_problem(f"{node.module}.{alias.name}", whole=True)
                    if problem:
                        yield problem

    def _name_rules(self, node: ast.Name) -> Iterable[str]:
        if node.id in _FORBIDDEN_DEFINITIONS:
            yield f"uses {node.id}, which {_INTERNAL_ATTRIBUTES[node.id]}"
        scope = self.lookup(node)
        if scope is None or scope is self.tree:  # not a function's own local variable
            if node.id in _FORBIDDEN_NAMES:
                yield f"uses {node.id}, which {_FORBIDDEN_NAMES[node.id]}"
            elif node.id in _ACCESSORS and not self._called(node):
                yield f"uses {node.id} without calling it; call it directly, with a string literal"
        parent = self.parent[node][0]
        if (isinstance(node.ctx, ast.Load) and (scope, node.id) in self.imported_modules
                and not (isinstance(parent, ast.Attribute) and parent.value is node)
                and not (self._accessor_call(parent, *_ACCESSORS) and parent.args[0] is node)):
            yield f"uses the module {node.id} itself as a value; use its names ({node.id}.something) instead"
        yield from self._reference_rules(node)

    def _reference_rules(self, node: ast.AST) -> Iterable[str]:
        """Rules on what a name or attribute stands for: attrgetter, methodcaller, dataclass."""
        dotted = self.resolve(node)
        if dotted in _STRING_ACCESSORS and not self._called(node):
            yield f"uses {dotted} without calling it; call it directly, with string literals"
        if dotted == "dataclasses.dataclass":
            at = self.parent[node][0] if self._called(node) else node
            parent, field, _ = self.parent[at]
            if not (isinstance(parent, ast.ClassDef) and field == "decorator_list"):
                yield "uses dataclasses.dataclass other than as a class decorator (@dataclass above a class)"

    def _call_rules(self, node: ast.Call) -> Iterable[str]:
        func = node.func
        if isinstance(func, ast.Name) and func.id in _ACCESSORS and self.lookup(func) in (None, self.tree):
            name = _literal(node.args[1]) if self._accessor_call(node, func.id) else None
            if name is None:
                yield f"calls {func.id} without a string literal as the attribute name; write obj.name instead"
            elif _dunder(name):
                yield f"calls {func.id} with {name!r}, a dunder attribute"
            elif self.resolve(node.args[0]) and _library_problem(f"{self.resolve(node.args[0])}.{name}", False):
                yield _library_problem(f"{self.resolve(node.args[0])}.{name}", whole=False)
        changer = func.id if isinstance(func, ast.Name) and func.id in ("setattr", "delattr") else \
            func.attr if isinstance(func, ast.Attribute) and func.attr in ("__setattr__", "__delattr__") else None
        base = self.resolve(node.args[0]) if changer and node.args else None
        if base:
            yield f"changes {base} with {changer}: a submission may not change a library (the tests use it too)"
        if self.resolve(func) in _STRING_ACCESSORS:
            arguments = node.args if self.resolve(func) == "operator.attrgetter" else node.args[:1]
            names = [_literal(arg) for arg in arguments]
            if not arguments or None in names:
                yield f"calls {self.resolve(func)} without string literals as the attribute names"
            elif any(_dunder(part) for name in names for part in name.split(".")):
                yield f"calls {self.resolve(func)} with a dunder attribute"

    # ---------------------------------------------------------------- one function's forbidden names

    def _definitions(self, qualname: str) -> list[ast.AST]:
        """The def of `qualname` ("f", "Class.method") and every other statement that binds it."""
        *outer, name = qualname.split(".")
        scopes = [self.tree]
        for part in outer:
            scopes = [node for node in ast.walk(self.tree) if isinstance(node, _DEFS) and node.name == part
                      and self.scope_of(node) in scopes]
        found = []
        for node in ast.walk(self.tree):
            if isinstance(node, _DEFS) and node.name == name and self.scope_of(node) in scopes:
                found.append(node)
            elif isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load) \
                    and self.scope_of(node) in scopes:
                found.append(self._statement(node))
            elif outer and isinstance(node, ast.Attribute) and node.attr == name \
                    and not isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name) \
                    and node.value.id == outer[-1]:
                found.append(self._statement(node))  # `Class.method = ...`
        if not outer:
            found += self.module_bindings.get(name, [])
        return list(dict.fromkeys(found))

    def forbidden_uses(self, qualname: str, forbidden: tuple[str, ...]) -> list[tuple[int, str]]:
        """(line, rule) of every use of a `forbidden` name by `qualname`, or by what it uses."""
        todo = [(root, None) for root in self._definitions(qualname)]
        methods = {}
        if "." in qualname:
            for root, _ in todo:
                class_node = self.scope_of(root)
                if isinstance(class_node, ast.ClassDef):
                    for item in class_node.body:
                        if isinstance(item, _DEFS):
                            methods.setdefault(item.name, []).append(item)
        seen, found = {root for root, _ in todo}, []
        while todo:
            root, via = todo.pop()
            for node in ast.walk(root):
                dotted = self.resolve(node) if isinstance(node, (ast.Name, ast.Attribute, ast.Call)) else None
                uses = [dotted] if dotted else []
                if isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0):
                    uses = [alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
                            for alias in node.names]
                for use in uses:
                    for name in forbidden:
                        if use == name or use.startswith(name + "."):
                            place = self._place(node)
                            where = "" if place == qualname or place.startswith(qualname + ".") else \
                                f", in {place}" if place else f", through {via}" if via else ""
                            found.append((node.lineno, f"{qualname} uses {name} (line {node.lineno}{where}), "
                                                       f"which this function may not use"))
                for name, more in self._followed(node, methods):
                    for item in more:
                        if item not in seen:
                            seen.add(item)
                            todo.append((item, via or name))
        return found

    def _place(self, node: ast.AST) -> str:
        """The qualified name of the function or class `node` is in ("Var._helper"), "" at module level."""
        names = []
        while node in self.parent:
            node = self.parent[node][0]
            if isinstance(node, _DEFS):
                names.append(node.name)
        return ".".join(reversed(names))

    def _followed(self, node: ast.AST, methods: dict) -> Iterable[tuple[str, list[ast.AST]]]:
        """What a use of a module-level name (or of self.method) brings into the function."""
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in ("self", "cls") and node.attr in methods:
            yield node.attr, methods[node.attr]
        if not (isinstance(node, ast.Name) and node.id in self.module_bindings and self.lookup(node) is self.tree):
            return
        bindings = [binding for binding in self.module_bindings[node.id]
                    if not isinstance(binding, (ast.Import, ast.ImportFrom))]  # resolve() sees through imports
        yield node.id, bindings
        if all(isinstance(binding, _DEFS) for binding in bindings):
            return
        # A variable: also every statement that may change it (`table["g"] = f`, `table.update(...)`, `f(table)`).
        if self._changes is None:
            self._changes = {}
            for other in ast.walk(self.tree):
                if isinstance(other, ast.Name) and self.lookup(other) is self.tree and self._may_change(other):
                    self._changes.setdefault(other.id, []).append(self._statement(other))
        yield node.id, self._changes.get(node.id, [])

    def _may_change(self, name: ast.Name) -> bool:
        """This use of a variable may change it: x = ..., x[i] = ..., x.a = ..., x.method(), f(x)."""
        top = name
        while isinstance(self.parent[top][0], (ast.Attribute, ast.Subscript)) and self.parent[top][0].value is top:
            top = self.parent[top][0]
        parent, field, _ = self.parent[top]
        return (not isinstance(getattr(top, "ctx", ast.Load()), ast.Load)
                or isinstance(top, ast.Attribute) and self._called(top)
                or isinstance(parent, (ast.keyword, ast.Starred)) or isinstance(parent, ast.Call) and field == "args")
