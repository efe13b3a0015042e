"""The folder a grading child runs in: the week's tests, the runtime package, the submission.

The child's working directory, its `--rootdir` and every path it is given lie inside this
fresh temporary folder, so that no path leads from the code under test to the course
repository (its solutions/, source/, variants or other weeks), in the instructor's
repository as in a student's clone:

    sandbox/tests/conftest.py, sandbox/tests/<week>/   the graded tests, without variants/
    sandbox/autograder/                                 the runtime package (no instructor/)
    sandbox/submission/<week>/                          a copy of the submission's week folder
"""

from __future__ import annotations

import shutil
from pathlib import Path

import autograder
from autograder.course import Course, Week

PACKAGE = Path(autograder.__file__).resolve().parent


def copy_runtime(target: Path) -> None:
    """The runtime package `autograder/`, without `instructor/` and caches."""
    def skipped(folder: str, names: list[str]) -> list[str]:
        return [name for name in names
                if name == "__pycache__" or (name == "instructor" and Path(folder) == PACKAGE)]

    shutil.copytree(PACKAGE, target, ignore=skipped)


def build_sandbox(course: Course, week: Week, submission: Path, sandbox: Path) -> None:
    """Fill `sandbox` for grading `submission` on `week` (the copy is sandbox/submission)."""
    tests = course.root / "tests"
    shutil.copytree(tests / week.folder, sandbox / "tests" / week.folder,
                    ignore=shutil.ignore_patterns("variants", "__pycache__"))
    shutil.copy2(tests / "conftest.py", sandbox / "tests" / "conftest.py")
    copy_runtime(sandbox / "autograder")
    shutil.copytree(submission / week.folder, sandbox / "submission" / week.folder,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
