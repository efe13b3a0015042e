"""The same grade on every supported Python: grade a sample of each week under two
interpreters and compare the results task by task.

A student's local grade must be the Classroom grade, whichever supported Python either runs.
The sample of a week is its reference, graded on the whole week (every test must pass the
same way), and one buggy variant per task (the first one the variants files list for it),
graded on its own tasks only (the task must fail the same way: status, points and the first
test that failed).  A variant's other tasks run the reference's code, which the reference's
grading covers.  Every grading is a student's (autograder.grading.grade_week: a fresh,
guarded process), as the promise is about that grader; a variant on its own tasks stops at
its first failing test, so the sample costs little more than one grading of each week.

Interpreters are discovered, not assumed: pyenv's versions folder and `python3`, `python3.N`
on PATH, kept when they satisfy `requires-python` of pyproject.toml and can make a virtual
environment.  The newest gets a fresh virtual environment with the checkout installed as a
student installs it: the hash-checked lock file `templates/requirements.lock` (the versions
Classroom and Gradescope install), else pyproject.toml.  Each side reports its numpy, JAX and
hypothesis versions, so that a difference that comes from them is seen as such.

Each interpreter grades the sample of every week in a process of its own, `python -m
autograder.instructor.crossversion OUT.json`, which writes the outcomes as JSON; the two
run at the same time, one core each.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from autograder.course import Course, CourseError, Week, load_course
from autograder.grading import grade_week
from autograder.instructor.patches import Variant
from autograder.instructor.variants import week_variants, write_variant
from autograder.results import WeekResult
from autograder.runner import GradingError

LOCK = Path("autograder") / "instructor" / "templates" / "requirements.lock"
PACKAGES = ("numpy", "jax", "jaxlib", "hypothesis", "pytest")  # reported with each side's outcomes
COMPARED = ("status", "points", "first_failed")  # what must agree, per task
REFERENCE = "reference"
_PROBE = ("import ensurepip, json, os, platform, sys; "
          "print(json.dumps([platform.python_version(), os.path.realpath(sys.executable)]))")


@dataclasses.dataclass(frozen=True)
class Interpreter:
    version: Version
    path: Path

    def __str__(self) -> str:
        return f"Python {self.version} ({self.path})"


def requires_python(root: Path) -> SpecifierSet:
    """The `requires-python` of the project at `root`."""
    try:
        return SpecifierSet(tomllib.loads((root / "pyproject.toml").read_text())["project"]["requires-python"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{root / 'pyproject.toml'}: no readable project.requires-python ({error})") from None


def candidates(env: dict[str, str]) -> list[Path]:
    """Every `python3` of pyenv's versions folder, then every `python3`, `python3.N` on PATH."""
    found = sorted((Path(env.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions").glob("*/bin/python3"))
    for folder in env.get("PATH", "").split(os.pathsep):
        found += sorted(path for path in Path(folder or ".").glob("python3*")
                        if re.fullmatch(r"python3(\.\d+)?", path.name))
    return found


def probe(path: Path) -> Interpreter | None:
    """The interpreter at `path`, or None if it does not run or cannot make a venv (no ensurepip)."""
    try:
        done = subprocess.run([str(path), "-I", "-c", _PROBE], capture_output=True, text=True, timeout=30)
        version, real = json.loads(done.stdout) if done.returncode == 0 else (None, None)
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    return Interpreter(Version(version), Path(real)) if version else None


def supported_interpreters(root: Path, env: dict[str, str] | None = None) -> list[Interpreter]:
    """The distinct interpreters on this machine that `requires-python` admits, oldest first."""
    spec = requires_python(root)
    found = {}
    for path in candidates(dict(os.environ) if env is None else env):
        interpreter = probe(path)
        if interpreter is not None and spec.contains(interpreter.version, prereleases=False):
            found.setdefault(interpreter.path, interpreter)
    return sorted(found.values(), key=lambda i: (i.version, str(i.path)))


def newest_other(root: Path, current: Version, env: dict[str, str] | None = None) -> Interpreter:
    """The newest supported interpreter, which must be newer than `current`; else CourseError."""
    found = supported_interpreters(root, env)
    if not found or found[-1].version <= current:
        seen = ", ".join(str(i.version) for i in found) or "none"
        raise CourseError(f"no supported Python ({requires_python(root)}) newer than {current} on this machine "
                          f"(found: {seen}; looked in pyenv's versions and PATH): nothing to compare with")
    return found[-1]


def install(interpreter: Interpreter, root: Path, folder: Path) -> Path:
    """A fresh virtual environment of `interpreter` in `folder` with the checkout at `root`
    installed (editable, as a student installs it); returns its python."""
    _run([str(interpreter.path), "-m", "venv", str(folder)], f"making a venv with {interpreter}")
    python = folder / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    locked = (root / LOCK).is_file()
    if locked:  # its dependencies from the lock, then the project itself
        _run([*pip, "--require-hashes", "-r", str(root / LOCK)], f"installing {LOCK} under {interpreter}")
    _run([*pip, *(["--no-deps"] if locked else []), "-e", str(root)], f"installing {root} under {interpreter}")
    return python


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise GradingError(f"{what} failed:\n{(done.stdout + done.stderr)[-2000:]}")


def sample(course: Course, week: Week) -> list[Variant]:
    """One buggy variant per task of the week: the first one listed that names it."""
    variants = week_variants(course, week)
    chosen = []
    for task in week.tasks:
        first = next((v for v in variants if v.kind == "buggy" and task.name in v.tasks), None)
        if first is not None and first not in chosen:
            chosen.append(first)
    return chosen


def grade_sample(course: Course, week: Week) -> dict[str, dict]:
    """Grade the week's sample with this interpreter, as a student's grading runs (grade_week):
    submission (`reference` or a variant's label) -> task -> outcome."""
    outcomes = {REFERENCE: _outcomes(grade_week(course, week, course.root / "solutions"))}
    with tempfile.TemporaryDirectory(prefix="crossversion-") as tmp:
        for variant in sample(course, week):
            submission = write_variant(course, week, variant, Path(tmp) / variant.label)
            outcomes[variant.label] = _outcomes(grade_week(course, week, submission, sorted(variant.tasks)))
    return outcomes


def _outcomes(result: WeekResult) -> dict[str, dict]:
    """Task -> {status, points, first_failed (the node id of its first lost test), feedback}."""
    first_failed = {}
    for test in result.tests:
        if test.outcome.lost:
            first_failed.setdefault(test.task, test.nodeid)
    return {task.name: {"status": task.status.value, "points": task.points,
                        "first_failed": first_failed.get(task.name), "feedback": task.feedback}
            for task in result.tasks}


def grade_course(course: Course) -> dict:
    """This interpreter's version, its packages' versions and, per week folder, grade_sample."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {"python": platform.python_version(), "packages": versions,
            "weeks": {week.folder: grade_sample(course, week) for week in course.weeks}}


def grade_both(course: Course, pythons: tuple[Path, Path], work: Path) -> tuple[dict, dict]:
    """grade_course under each of two interpreters, at the same time (a process each: one core
    each, as every grading inside is sequential)."""
    gradings = sum(1 + len(sample(course, week)) for week in course.weeks)
    limit = course.limits.total_timeout * gradings
    children = []
    for side, python in enumerate(pythons):
        with open(work / f"output{side}.txt", "wb") as output:
            children.append(subprocess.Popen(
                [str(python), "-m", "autograder.instructor.crossversion", str(work / f"{side}.json")],
                cwd=course.root, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT))
    deadline = time.monotonic() + limit
    try:
        for side, child in enumerate(children):
            if child.wait(timeout=max(0.0, deadline - time.monotonic())) != 0:
                tail = (work / f"output{side}.txt").read_bytes()[-2000:].decode(errors="replace")
                raise GradingError(f"grading the sample with {pythons[side]} failed:\n{tail}")
    except subprocess.TimeoutExpired:
        raise GradingError(f"grading the sample took over {limit:g} s") from None
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
            child.wait()
    old, new = (json.loads((work / f"{side}.json").read_text()) for side in (0, 1))
    return old, new


def differences(old: dict, new: dict, folder: str) -> list[str]:
    """Where two gradings (grade_course) of a week's sample disagree, one line a task: its
    status, points or first failed test (with the feedback of both, to read), or a submission
    or task that only one of them graded."""
    lines = []
    pythons = f"Python {old['python']} -> {new['python']}"
    before, after = old["weeks"][folder], new["weeks"][folder]
    for label in sorted(before.keys() | after.keys()):
        mine, theirs = before.get(label, {}), after.get(label, {})
        if mine.keys() != theirs.keys():
            lines.append(f"{label}: graded on different tasks ({pythons})")
            continue
        for task in mine:
            changed = [f"{key} {mine[task][key]!r} -> {theirs[task][key]!r}"
                       for key in COMPARED if mine[task][key] != theirs[task][key]]
            if changed:
                feedback = " -> ".join(repr(side[task]["feedback"].strip().split("\n")[0]) for side in (mine, theirs))
                lines.append(f"{label} {task}: {', '.join(changed)} ({pythons}); feedback {feedback}")
    return lines


def main(argv: list[str]) -> int:
    [out] = argv
    Path(out).write_text(json.dumps(grade_course(load_course()), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
