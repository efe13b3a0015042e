"""`check --week N`: everything CI checks about one week, each problem one line saying what to fix.

The steps, in order (a step that cannot run says so and the others go on):

  files       the modules and the notebook course.toml declares, and the handout, exist in source/
  generated   assignments/ and solutions/ are what `generate` writes from source/
  reference   the solutions earn full marks and break no rule of the week; every test is
              marked with a task of the week, every task has tests, every test has its
              reference time (reference_times.json)
  stubs       the stubs earn nothing and say "not implemented yet"
  variants    every variant parses and applies, each task has 3 buggy and 2 correct ones,
              and each is graded as it declares
  notebook    the solution notebook runs to the end, and its last cell asserts its result
  release     the release of the week holds no solution text

course.toml itself is read before any step: a mistake there is a `CourseError` (exit 2).
"""

from __future__ import annotations

import json
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from autograder.contract import Outcome
from autograder.course import Course, CourseError, Week, read_reference_times
from autograder.runner import GradingError

MIN_BUGGY, MIN_CORRECT = 3, 2  # variants per task
NOTEBOOK_SECONDS = 600  # the most one notebook may run


def run_notebook(path: Path, timeout: float = NOTEBOOK_SECONDS) -> float:
    """Execute a notebook in a fresh python3 kernel, in its own folder; returns the seconds taken.

    Raises nbclient's CellExecutionError when a cell raises (an assert included)."""
    import nbclient
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    start = time.monotonic()
    nbclient.NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.monotonic() - start


class Skipped(str):
    """What a step returns when it could not run: why."""


def _one_line(message: str) -> str:
    """A multi-line error (a collection error and pytest's output) as its first and last lines."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[0] if len(lines) < 2 else f"{lines[0]} ... {lines[-1]}"


class WeekCheck:
    """The checks of one week; `run()` reports each step through `report` and returns the problems."""

    def __init__(self, course: Course, week: Week, notebook: bool = True, jobs: int = 2,
                 report: Callable[[str], None] = print):
        self.course, self.week, self.notebook, self.jobs, self.report = course, week, notebook, jobs, report
        self.problems: list[str] = []
        self.files_missing = False

    def run(self) -> list[str]:
        steps = [("files", self.files), ("generated", self.generated), ("reference", self.reference_grade),
                 ("stubs", self.stubs), ("variants", self.variants), ("notebook", self.run_notebook),
                 ("release", self.release)]
        for name, step in steps:
            start = time.monotonic()
            try:
                outcome = step()
            except (CourseError, GradingError) as error:
                outcome = [_one_line(str(error))]
            if isinstance(outcome, Skipped):
                self.report(f"skip  {name:<10} {outcome}")
            elif isinstance(outcome, list):
                for problem in outcome:
                    self.report(f"FAIL  {name:<10} {problem}")
                self.problems += outcome
            else:
                self.report(f"ok    {name:<10} {outcome} ({time.monotonic() - start:.1f} s)")
        return self.problems

    @property
    def _tests(self) -> str:
        return f"tests/{self.week.folder}"

    def files(self) -> list[str] | str:
        from autograder.instructor.generate import HANDOUT, missing_files

        missing = missing_files(self.course, self.week)
        self.files_missing = bool(missing)
        return missing or ", ".join((*self.week.modules, self.week.notebook, HANDOUT))

    def generated(self) -> list[str] | str:
        from autograder.instructor.generate import stale_files

        if self.files_missing:
            return Skipped("source/ lacks a declared file")
        stale = stale_files(self.course, [self.week])
        return [f"{line}: run `python -m autograder.instructor generate --week {self.week.number}`"
                for line in stale] or "assignments/ and solutions/ match source/"

    def reference_grade(self) -> list[str] | str:
        from autograder.grading import grade_week

        week, number = self.week, self.week.number
        result = grade_week(self.course, week, self.course.root / "solutions")
        tasks = {task.name for task in week.tasks}
        known = ", ".join(sorted(tasks))
        problems = [f"{test.nodeid}: its task marker names no task of week {number} ({test.task!r}; the "
                    f"tasks are {known}): fix @pytest.mark.task" if test.task is not None else
                    f"{test.nodeid} has no task marker: mark it @pytest.mark.task(NAME), NAME one of {known}"
                    for test in result.tests if test.task not in tasks]
        tested = {test.task for test in result.tests}
        problems += [f"task {task.name} has no test: mark its tests @pytest.mark.task({task.name!r})"
                     for task in week.tasks if task.name not in tested]
        problems += [f"the reference loses {task.name} ({task.status.words}: {task.summary}): fix the "
                     f"solution in source/{week.folder} or the test"
                     for task in result.tasks if task.status is not Outcome.PASSED and task.name in tested]
        problems += [f"the reference breaks a rule of course.toml: {line}" for line in result.violations]
        measured = read_reference_times(self.course.root / self._tests)
        graded = {test.nodeid for test in result.tests}
        if measured.keys() != graded:
            stale = sorted(graded ^ measured.keys())
            problems.append(f"{self._tests}/reference_times.json does not match the tests ({len(stale)} differ, "
                            f"e.g. {stale[0]}): run `python -m autograder.instructor verify --week {number} "
                            "--write-times`")
        return problems or f"{result.score}/{result.max_score}, {len(result.tests)} tests in {len(tasks)} tasks"

    def stubs(self) -> list[str] | str:
        from autograder.grading import grade_week

        result = grade_week(self.course, self.week, self.course.root / "assignments")
        free = [task for task in result.tasks if task.status is not Outcome.NOT_IMPLEMENTED]
        return [f"the stub of task {task.name} is {task.status.words}, not 'not implemented': put its "
                f"function's body between ### BEGIN SOLUTION and ### END SOLUTION ({task.summary})"
                for task in free] or "0 points, all not implemented"

    def variants(self) -> list[str] | str:
        from autograder.instructor.variants import iter_variant_outcomes, week_variants

        week = self.week
        variants = week_variants(self.course, week)
        problems = []
        for task in week.tasks:
            kinds = [variant.kind for variant in variants if task.name in variant.tasks]
            if kinds.count("buggy") < MIN_BUGGY or kinds.count("correct") < MIN_CORRECT:
                problems.append(f"task {task.name} has {kinds.count('buggy')} buggy and {kinds.count('correct')} "
                                f"correct variants (at least {MIN_BUGGY} and {MIN_CORRECT}): add them to "
                                f"{self._tests}/variants/")
        for outcome in iter_variant_outcomes(self.course, week, self.jobs, variants):
            if not outcome.ok:
                verdict = " ".join(outcome.verdict.split())
                problems.append(f"{outcome.variant.where}: {outcome.variant.label} {verdict}: fix its "
                                f"header or the tests (see `python -m autograder.instructor variants --week "
                                f"{week.number} --show {outcome.variant.name}`)")
        return problems or f"{len(variants)} variants as declared"

    def run_notebook(self) -> list[str] | str:
        from nbclient.exceptions import CellExecutionError

        if not self.notebook:
            return Skipped("--no-notebook")
        if self.files_missing:
            return Skipped("source/ lacks a declared file")
        path = self.course.root / "solutions" / self.week.folder / self.week.notebook
        cells = [cell for cell in json.loads(path.read_text(encoding="utf-8"))["cells"] if cell["cell_type"] == "code"]
        if not cells or "assert" not in "".join(cells[-1]["source"]):
            return [f"the last code cell of source/{self.week.folder}/{self.week.notebook} asserts nothing: end "
                    "it with an assert on the week's physics result"]
        try:
            seconds = run_notebook(path)
        except CellExecutionError as error:
            message = textwrap.shorten(" ".join(error.evalue.split()), 200) or "(no message)"
            return [f"solutions/{self.week.folder}/{self.week.notebook} stops with {error.ename}: {message}: "
                    f"fix the notebook in source/{self.week.folder}"]
        return "runs to its assert"

    def release(self) -> list[str] | str:
        from autograder.instructor.release import release_week

        with tempfile.TemporaryDirectory(prefix="check-release-") as tmp:
            try:
                release_week(self.course, self.week, Path(tmp) / "release")
            except CourseError as error:
                lines = str(error).splitlines()
                return [f"{line}: keep solution text out of given code, tests and the notebook's stub"
                        for line in lines[1:]] or lines
        return "no solution text in the release"


def check_week(course: Course, week: Week, notebook: bool = True, jobs: int = 2,
               report: Callable[[str], None] = print) -> list[str]:
    """Run every check of `week`, reporting each step as it ends; returns the problems (one line each)."""
    return WeekCheck(course, week, notebook, jobs, report).run()
