"""Variants as small patches of the reference: the file format and how a patch is applied.

A variants file `tests/<week>/variants/<module stem>.diff` lists the variants of one module.
Each variant is a header, a description, and hunks that edit one function or class of the
reference (`solutions/<week>/<module>`), located by its qualified name:

    === buggy gd_ascent: gradient_descent
    Gradient ascent: x_{k+1} = x_k + lr * grad_fn(x_k) climbs the surface.
    @@ gradient_descent
    -        trajectory.append(trajectory[-1] - lr * grad_fn(trajectory[-1]))
    +        trajectory.append(trajectory[-1] + lr * grad_fn(trajectory[-1]))

- Header: `=== buggy NAME: TASK, ...` (the tasks that must lose their points, and no other)
  or `=== correct NAME: TASK, ...` (the tasks it is an alternative implementation of; it
  must lose no points anywhere).  The lines up to the first `@@` describe the variant.
- `@@ NAME` edits the function or class NAME (`backward`, `Var.__mul__`): lines starting with
  `-` are removed, `+` added, ` ` (a space) kept; an empty line inside a hunk is a kept
  blank line.  The old side (kept and removed lines, in order) must match the reference's
  lines of NAME exactly once, else the variant is an error that says so: a patch never
  applies to code that has changed under it.
- A kept or removed line `...` stands for any run of lines (the shortest that matches); a
  hunk whose whole old side is `-...` replaces the body of NAME after its docstring.
- `@@ <module>` adds its `+` lines after the reference's last top-level import (imports and
  helper functions a variant needs).
- A line starting with `#` outside a hunk is a comment.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

from autograder.course import CourseError

KINDS = ("buggy", "correct")
MODULE_TARGET = "<module>"
WILDCARD = "..."
_HEADER = re.compile(r"=== (buggy|correct) (\w+):\s*(.+)")


class VariantError(CourseError):
    """A variants file that does not parse, or a patch whose old text does not match."""


@dataclasses.dataclass(frozen=True)
class Hunk:
    """One edit of the reference: `lines` are the hunk's lines with their +/-/space prefix."""

    target: str
    lines: tuple[str, ...]
    where: str  # file:line of the @@, for error messages

    @property
    def old(self) -> list[str]:
        return [line[1:] for line in self.lines if line[0] in " -"]


@dataclasses.dataclass(frozen=True)
class Variant:
    """A buggy or correct alternative of one module, as patches of the reference."""

    module: str  # "descent.py"
    kind: str  # "buggy" or "correct"
    name: str
    tasks: frozenset[str]
    description: str
    hunks: tuple[Hunk, ...]
    where: str  # file:line of the header

    @property
    def label(self) -> str:
        return f"{Path(self.module).stem}/{self.kind}_{self.name}"


def parse_variants(path: Path, module: str) -> list[Variant]:
    """Every variant of a variants file, in order."""
    variants, header, description, hunks, hunk = [], None, [], [], None

    def close_hunk():
        nonlocal hunk
        if hunk is not None:
            target, where, lines = hunk
            while lines and lines[-1] == " ":
                lines.pop()  # trailing empty lines separate variants
            if not lines:
                raise VariantError(f"{where}: empty hunk")
            hunks.append(Hunk(target, tuple(lines), where))
            hunk = None

    def close_variant():
        close_hunk()
        if header is not None:
            kind, name, tasks, where = header
            if not hunks:
                raise VariantError(f"{where}: variant {name} has no @@ hunk")
            variants.append(Variant(module, kind, name, tasks, " ".join(description).strip(), tuple(hunks), where))

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}:{number}"
        if line.startswith("#"):
            continue
        if line.startswith("==="):
            close_variant()
            match = _HEADER.fullmatch(line.rstrip())
            if match is None:
                raise VariantError(f"{where}: expected '=== buggy|correct NAME: TASK, ...', got {line!r}")
            tasks = frozenset(task.strip() for task in match.group(3).split(","))
            header, description, hunks = (match.group(1), match.group(2), tasks, where), [], []
        elif line.startswith("@@"):
            if header is None:
                raise VariantError(f"{where}: a hunk before the first '=== ' header")
            close_hunk()
            hunk = (line[2:].strip(), where, [])
        elif hunk is not None:
            if line == "" or line[0] in " -+":
                hunk[2].append(line or " ")
            else:
                raise VariantError(f"{where}: a hunk line starts with ' ', '-' or '+', got {line!r}")
        elif header is not None:
            description.append(line.strip())
        elif line.strip():
            raise VariantError(f"{where}: text before the first '=== ' header")
    close_variant()
    return variants


def _span(tree: ast.Module, target: str, whole: bool) -> tuple[int, int]:
    """0-based [start, stop) of the lines of `target` (after its docstring unless `whole`)."""
    scope, node = tree, None
    for part in target.split("."):
        node = next((child for child in ast.iter_child_nodes(scope)
                     if isinstance(child, (ast.FunctionDef, ast.ClassDef)) and child.name == part), None)
        if node is None:
            raise KeyError(target)
        scope = node
    if whole:
        return min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1, node.end_lineno
    first = node.body[0]
    has_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
        and isinstance(first.value.value, str)
    return (first.end_lineno if has_docstring else first.lineno - 1), node.end_lineno


def _matches(pattern: list[str], lines: list[str], start: int, stop: int) -> list[list[tuple[int, int]]]:
    """Every way `pattern` matches a contiguous run of lines[start:stop]: per item its span."""
    found = []

    def extend(item: int, at: int, spans: list[tuple[int, int]]):
        if item == len(pattern):
            found.append(spans)
            return
        if pattern[item].strip() == WILDCARD:
            for end in range(at, stop + 1):  # shortest first
                before = len(found)
                extend(item + 1, end, [*spans, (at, end)])
                if len(found) > before:
                    return
            return
        if at < stop and lines[at].rstrip() == pattern[item].rstrip():
            extend(item + 1, at + 1, [*spans, (at, at + 1)])

    for begin in range(start, stop):
        extend(0, begin, [])
    return found


def _apply_hunk(text: str, hunk: Hunk, filename: str) -> str:
    lines = text.splitlines()
    if hunk.target == MODULE_TARGET:
        if any(line[0] != "+" for line in hunk.lines):
            raise VariantError(f"{hunk.where}: a {MODULE_TARGET} hunk only adds lines")
        tree = ast.parse(text, filename)
        imports = [node.end_lineno for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        at = imports[-1] if imports else 0
        return "\n".join([*lines[:at], "", *(line[1:] for line in hunk.lines), "", *lines[at:]]) + "\n"
    old = hunk.old
    body_only = [line.strip() for line in old] == [WILDCARD] and hunk.lines[0].startswith("-")
    if not body_only and WILDCARD in (old[0].strip(), old[-1].strip()):
        raise VariantError(f"{hunk.where}: the old side must start and end with a real line (or be '-...' alone)")
    try:
        start, stop = _span(ast.parse(text, filename), hunk.target, whole=not body_only)
    except KeyError:
        raise VariantError(f"{hunk.where}: the reference {filename} has no function or class {hunk.target}") from None
    if body_only:
        spans = [(start, stop)]
    else:
        found = _matches(old, lines, start, stop)
        if len(found) != 1:
            problem = "does not match" if not found else f"matches {len(found)} places in"
            raise VariantError(f"{hunk.where}: the old side of this hunk {problem} {hunk.target} "
                               f"of the reference {filename} (has the reference changed?)")
        spans = found[0]
    replacement, item = [], 0
    for line in hunk.lines:
        if line[0] == "+":
            replacement.append(line[1:])
            continue
        begin, end = spans[item]
        if line[0] == " ":
            replacement += lines[begin:end]
        item += 1
    first, last = (spans[0][0], spans[-1][1]) if not body_only else (start, stop)
    return "\n".join([*lines[:first], *replacement, *lines[last:]]) + "\n"


def apply_variant(reference: str, variant: Variant) -> str:
    """The reference module's text with the variant's hunks applied in order."""
    text = reference
    for hunk in variant.hunks:
        text = _apply_hunk(text, hunk, variant.module)
    try:
        ast.parse(text, variant.module)
    except SyntaxError as error:
        raise VariantError(f"{variant.where}: the patched {variant.module} does not parse "
                           f"(line {error.lineno}: {error.msg})") from None
    return text
