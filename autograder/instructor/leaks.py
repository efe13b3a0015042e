"""The mechanical leak check of a release: no solution text may reach a student repository.

A release leaks when it holds a solution marker, a solutions/, source/ or variants/ folder,
or, in any one file, two significant lines (or one long line) that only a solution region
or a variant holds.  Lines the stub gives away anyway (given code, signatures) and lines of
the released tests do not count.
"""

from __future__ import annotations

import json
from pathlib import Path

from autograder.course import Course, Week
from autograder.instructor.markers import find_regions

SIGNIFICANT_LINE = 20  # shorter lines (`return x`, `x0 = 0.0`) are too common to prove a leak
# One shared line such as `for _ in range(n_steps):` proves nothing; two lines of the same
# solution in one released file, or one long line, do.
LEAK_LINES, LONG_LINE = 2, 50


def _stripped_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def _notebook_cells(path: Path) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def _solution_lines(course: Course, week: Week) -> dict[str, str]:
    """Significant stripped lines that only the solutions and variants hold -> where from.

    Lines of the solution regions, minus those the stub keeps anyway (given code); lines of
    the variants, minus those of the stub and of the released tests (a variant repeats the
    stub's signatures and may repeat a test's oracle: neither is a secret).
    """
    lines = {}
    source = course.root / "source" / week.folder
    for path in sorted(source.rglob("*.py")) + sorted(source.rglob("*.ipynb")):
        for cell in [path.read_text(encoding="utf-8")] if path.suffix == ".py" else _notebook_cells(path):
            text = cell.splitlines()
            for region in find_regions(cell, str(path)):
                for line in text[region.begin: region.end - 1]:
                    lines.setdefault(line.strip(), f"{path.relative_to(course.root)} (solution region)")
    stub = set()
    for path in (course.root / "assignments" / week.folder).rglob("*"):
        if path.suffix == ".py":
            stub |= _stripped_lines(path.read_text(encoding="utf-8"))
        elif path.suffix == ".ipynb":
            stub |= {line for cell in _notebook_cells(path) for line in _stripped_lines(cell)}
    tests = set()
    for path in (course.root / "tests" / week.folder).rglob("*.py"):
        if "variants" not in path.relative_to(course.root / "tests" / week.folder).parts:
            tests |= _stripped_lines(path.read_text(encoding="utf-8"))
    lines = {line: where for line, where in lines.items() if line not in stub}
    for path in sorted((course.root / "tests" / week.folder / "variants").glob("*.diff")):
        added = {line[1:].strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("+")}
        for line in added - stub - tests:
            lines.setdefault(line, str(path.relative_to(course.root)))
    return {line: where for line, where in lines.items()
            if len(line) >= SIGNIFICANT_LINE and not line.startswith(("#", '"""'))}


def find_leaks(course: Course, week: Week, out: Path) -> list[str]:
    """Every way solution text shows up in the released folder `out` (empty: no leak)."""
    leaks = [f"{p.relative_to(out)}: folder must not be released"
             for p in out.rglob("*") if p.is_dir() and p.name in ("solutions", "variants", "source")]
    secret = _solution_lines(course, week)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "BEGIN SOLUTION" in text or "END SOLUTION" in text:
            leaks.append(f"{path.relative_to(out)}: contains a solution marker")
        lines = {line.strip() for line in text.splitlines()}
        if path.suffix == ".ipynb":
            lines |= {line.strip().strip('",').replace("\\n", "") for line in text.splitlines()}
        by_origin = {}
        for line in sorted(lines & secret.keys()):
            by_origin.setdefault(secret[line], []).append(line)
        for origin, shared in by_origin.items():
            if len(shared) >= LEAK_LINES or max(map(len, shared)) >= LONG_LINE:
                leaks += [f"{path.relative_to(out)}: line {line!r} from {origin}" for line in shared]
    return leaks
