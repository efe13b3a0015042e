"""One student's line of the gradebook: the grade, and a note in words the instructor acts on.

The note is empty when nothing needs attention; else, joined by "; ":

  not submitted (no weekNN_slug/ folder)      nothing to grade (or a roster student without a repository)
  not submitted (the stubs are untouched)     the code of every module is the stub's (comments aside)
  syntax error at line N (module.py)          Python cannot compile it: its tasks score 0
  missing module.py
  breaks a rule (review): module.py line N: ...   the static rules refused the module
  crashed (task, ...) / timed out (task, ...) / not run (task, ...)
  not graded: ...                             the grader could not grade it at all

Syntax errors and untouched stubs are found by compiling (never running) the source here:
`compile` only parses and builds bytecode, so no student code runs in this process.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from autograder.contract import Outcome
from autograder.course import Week
from autograder.results import WeekResult

_TASK_NOTES = {Outcome.CRASHED: "crashed", Outcome.TIMEOUT: "timed out", Outcome.NOT_RUN: "not run"}


@dataclasses.dataclass(frozen=True)
class StudentGrade:
    """A student's grade: `result` is None when nothing was graded (the note says why).

    `runnable` is False when a module could not run at all (a syntax error, a missing module, a
    broken rule): its failed tests then say nothing about the student's physics."""

    login: str
    result: WeekResult | None
    note: str = ""
    runnable: bool = True

    @property
    def score(self) -> int:
        return self.result.score if self.result else 0

    def points(self, task: str) -> int:
        """The points of one task (0 when nothing was graded)."""
        return next((t.points for t in self.result.tasks if t.name == task), 0) if self.result else 0


def _code(path: Path) -> str | None:
    """The module's syntax tree as text (comments and layout aside), or None if it does not parse."""
    try:
        return ast.dump(ast.parse(path.read_text(encoding="utf-8", errors="replace")))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def untouched(week: Week, stubs: Path, root: Path) -> bool:
    """Every module is missing or has the stub's code: the student handed in nothing of their own."""
    for module in week.modules:
        mine = root / week.folder / module
        if mine.is_file() and _code(mine) != _code(stubs / week.folder / module):
            return False
    return True


def compile_error(path: Path) -> str | None:
    """'syntax error at line N (module.py)' when Python cannot compile the module, else None."""
    source = path.read_bytes()
    try:
        compile(source, path.name, "exec", dont_inherit=True)
    except SyntaxError as error:
        return f"syntax error at line {error.lineno} ({path.name})"
    except (ValueError, RecursionError, MemoryError) as error:  # null bytes; nested too deeply
        return f"syntax error ({path.name}: {error})"
    return None


def module_problems(week: Week, root: Path) -> list[str]:
    """The modules that Python cannot compile, or that are missing, in words."""
    problems = []
    for module in week.modules:
        path = root / week.folder / module
        problem = compile_error(path) if path.is_file() else f"missing {module}"
        if problem:
            problems.append(problem)
    return problems


def graded(login: str, week: Week, root: Path, result: WeekResult) -> StudentGrade:
    """The grade of a graded submission, with what went wrong beyond wrong answers as its note."""
    notes = module_problems(week, root)
    runnable = not notes and not result.violations
    if result.violations:
        notes.append(f"breaks a rule (review): {result.violations[0]}")
    for outcome, words in _TASK_NOTES.items():
        tasks = [task.name for task in result.tasks if task.status is outcome]
        if tasks:
            notes.append(f"{words} ({', '.join(tasks)})")
    return StudentGrade(login, result, "; ".join(notes), runnable)
