"""The runtime package that a student repository ships never imports the instructor's tools."""

import ast
from pathlib import Path

import autograder

RUNTIME = Path(autograder.__file__).parent


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_runtime_modules_never_import_the_instructor_package():
    offenders = {path.name: sorted(m for m in imported_modules(path) if m.startswith("autograder.instructor"))
                 for path in RUNTIME.glob("*.py")}
    assert not any(offenders.values()), offenders
