"""Solution regions: ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` in Python source.

One rule for modules and notebook cells: a marker is a line that reads exactly
``### BEGIN SOLUTION`` or ``### END SOLUTION`` (indentation aside).  Any other line that
mentions "begin solution" or "end solution" in any spelling (``###BEGIN SOLUTION``,
``# begin solution``) is an error here, at generate time: nbgrader would treat some of
them as markers and a stub could keep solution text.

nbgrader strips these regions from notebook cells but copies ``.py`` files verbatim, so the
stripping of modules is done here: the stub keeps every signature and docstring and turns
each region into ``raise NotImplementedError`` naming the week, the module and the function;
the solution keeps the code and drops the marker lines.
"""

from __future__ import annotations

import ast
import dataclasses
import re

from autograder.course import CourseError

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_NEAR_MARKER = re.compile(r"(begin|end)[\s_-]*solution", re.IGNORECASE)


class MarkerError(CourseError):
    """Markers that are unbalanced, nested, malformed or outside a function."""


@dataclasses.dataclass(frozen=True)
class Region:
    begin: int  # 1-based line of the BEGIN marker
    end: int  # 1-based line of the END marker
    indent: str


def find_regions(text: str, filename: str) -> list[Region]:
    """The solution regions of `text`, checking that markers are well formed and balanced."""
    regions, open_line, open_indent = [], None, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not _NEAR_MARKER.search(line):
            continue
        if line.strip() not in (BEGIN, END):
            raise MarkerError(f"{filename}:{number}: malformed marker {line.strip()!r}; "
                              f"write {BEGIN!r} or {END!r} alone on its line")
        if line.strip() == BEGIN:
            if open_line is not None:
                raise MarkerError(f"{filename}:{number}: nested {BEGIN!r} "
                                  f"(the region opened at line {open_line} is not closed)")
            open_line, open_indent = number, line[: len(line) - len(line.lstrip())]
        else:
            if open_line is None:
                raise MarkerError(f"{filename}:{number}: {END!r} without a matching {BEGIN!r}")
            regions.append(Region(open_line, number, open_indent))
            open_line = None
    if open_line is not None:
        raise MarkerError(f"{filename}:{open_line}: {BEGIN!r} is never closed")
    return regions


def strip_markers(text: str, filename: str) -> str:
    """The solution: the source without its marker lines."""
    marker_lines = {line for region in find_regions(text, filename) for line in (region.begin, region.end)}
    kept = [line for number, line in enumerate(text.splitlines(keepends=True), start=1)
            if number not in marker_lines]
    return "".join(kept)


def _enclosing_function(tree: ast.Module, region: Region, filename: str) -> str:
    """The qualified name (`Dual.__mul__`) of the innermost function holding the region."""
    best, scopes = None, [(tree, "")]
    while scopes:
        node, prefix = scopes.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef) and child.lineno < region.begin <= child.end_lineno:
                    if best is None or child.lineno > best[0]:
                        best = (child.lineno, name)
                scopes.append((child, f"{name}."))
    if best is None:
        raise MarkerError(f"{filename}:{region.begin}: a solution region must sit inside a function body")
    return best[1]


def stub_module(text: str, filename: str, week_number: int) -> str:
    """The student's stub: every region replaced by a NotImplementedError naming the task.

    `filename` is the path shown in error messages; the stub's message names its last part.
    """
    regions = find_regions(text, filename)
    try:
        tree = ast.parse(text, filename)
    except SyntaxError as error:
        raise MarkerError(f"{filename}:{error.lineno}: the source does not parse: {error.msg}") from None
    lines = text.splitlines(keepends=True)
    for region in reversed(regions):
        function = _enclosing_function(tree, region, filename)
        message = f"week {week_number}, {filename.rsplit('/', 1)[-1]}: {function} is not implemented yet"
        lines[region.begin - 1: region.end] = [f"{region.indent}raise NotImplementedError({message!r})\n"]
    stub = "".join(lines)
    ast.parse(stub, filename)  # a stub that does not parse would be a framework bug
    return stub
