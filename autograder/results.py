"""Scores of a graded week and their three renderings, computed once so that they agree.

A task earns its points when it has tests and every one of them passed (one task is one
GitHub Classroom step, which passes or fails as a whole).  The readable table, Gradescope's
results.json and the Classroom reporter payload are all views of one `WeekResult`.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import textwrap

from autograder.contract import Outcome, TestResult
from autograder.course import Week


@dataclasses.dataclass(frozen=True)
class TaskResult:
    """One task of a week: passed (all its tests passed) or the outcome of its first lost test."""

    name: str
    max_points: int
    status: Outcome
    feedback: str
    tests_passed: int
    tests_total: int

    @property
    def points(self) -> int:
        return self.max_points if self.status is Outcome.PASSED else 0

    @property
    def summary(self) -> str:
        """The first line of the feedback: what the table shows."""
        return self.feedback.strip().splitlines()[0] if self.feedback.strip() else ""


@dataclasses.dataclass(frozen=True)
class WeekResult:
    week: Week
    tasks: tuple[TaskResult, ...]
    seconds: float
    violations: tuple[str, ...] = ()  # static rules the submission breaks: "descent.py line 3: ..."
    tests: tuple[TestResult, ...] = ()  # every test, as graded

    @property
    def score(self) -> int:
        return sum(task.points for task in self.tasks)

    @property
    def max_score(self) -> int:
        return sum(task.max_points for task in self.tasks)


def _task_status(tests: list[TestResult]) -> tuple[Outcome, str]:
    """A task's status: the first lost test decides; else a test that did not run; else passed."""
    if not tests:
        return Outcome.NOT_RUN, "this task has no tests (a course bug: tell the instructor)"
    for test in tests:
        if test.outcome.lost:
            return test.outcome, test.feedback
    for test in tests:
        if test.outcome is not Outcome.PASSED:
            return Outcome.NOT_RUN, test.feedback or f"{test.title}: {test.outcome.value}"
    return Outcome.PASSED, f"all {len(tests)} checks passed"


def score_week(week: Week, tests: list[TestResult], seconds: float, tasks: list[str] | None = None) -> WeekResult:
    results = []
    for task in week.tasks:
        if tasks and task.name not in tasks:
            continue
        mine = [test for test in tests if test.task == task.name]
        status, feedback = _task_status(mine)
        results.append(TaskResult(task.name, task.points, status, feedback,
                                  sum(t.outcome is Outcome.PASSED for t in mine), len(mine)))
    return WeekResult(week, tuple(results), seconds, tests=tuple(tests))


def render_table(result: WeekResult, submission_label: str) -> str:
    week = result.week
    name_width = max(len("task"), *(len(t.name) for t in result.tasks))
    rows = [f"PHYG004 week {week.number}: {week.title}  (submission: {submission_label})", ""]
    rows.append(f"  {'task':<{name_width}}  {'points':>7}  {'status':<19}  feedback")
    for task in result.tasks:
        points = f"{task.points}/{task.max_points}"
        summary = textwrap.shorten(task.summary, width=80, placeholder=" ...")
        rows.append(f"  {task.name:<{name_width}}  {points:>7}  {task.status.words:<19}  {summary}")
    details = [t for t in result.tasks if t.status not in (Outcome.PASSED, Outcome.NOT_IMPLEMENTED)]
    if details:
        rows += ["", "Details of the failed tasks:"]
        for task in details:
            rows += ["", f"[{task.name}]", textwrap.indent(task.feedback.strip(), "    ")]
    rows += ["", f"Points {result.score}/{result.max_score}   ({result.seconds:.1f} s)"]
    return "\n".join(rows)


def gradescope_json(result: WeekResult) -> dict:
    """Gradescope's results.json: top-level score, and one entry a task."""
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 2),
        "output": f"PHYG004 week {result.week.number}: {result.week.title}",
        "tests": [
            {
                "name": task.name,
                "score": task.points,
                "max_score": task.max_points,
                "status": "passed" if task.status is Outcome.PASSED else "failed",
                "output": task.feedback,
                "extra_data": {"status": task.status.value, "tests_passed": task.tests_passed,
                               "tests_total": task.tests_total},
            }
            for task in result.tasks
        ],
    }


def runner_id(task_name: str) -> str:
    """The id of a task's step in the Classroom workflow: letters and digits only, the only
    ids the grading reporter accepts (it reads `<ID>_RESULTS` and checks its `runners` input
    against ^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$)."""
    return re.sub(r"[^a-z0-9]", "", task_name.lower())


def classroom_payload(task: TaskResult) -> dict:
    """What classroom-resources/autograding-command-grader reports for one task's step."""
    status = "pass" if task.status is Outcome.PASSED else "fail"
    return {
        "version": 1,
        "status": status,
        "max_score": task.max_points,
        "tests": [{
            "name": task.name, "status": status, "score": task.points, "message": task.feedback,
            "test_code": "", "filename": "", "line_no": 0, "duration": 0,
        }],
    }


def classroom_report(result: WeekResult) -> dict:
    """The grading reporter's input: `runners`, and the env variable of each runner's result."""
    ids = [runner_id(task.name) for task in result.tasks]
    env = {
        f"{rid.upper()}_RESULTS": base64.b64encode(json.dumps(classroom_payload(task)).encode()).decode()
        for rid, task in zip(ids, result.tasks)
    }
    return {"runners": ",".join(ids), "env": env,
            "score": result.score, "max_score": result.max_score}


def week_result_from_gradescope(week: Week, data: dict) -> WeekResult:
    """Read back a results.json written by `gradescope_json` (the Classroom steps use it)."""
    tasks = tuple(
        TaskResult(entry["name"], entry["max_score"], Outcome(entry["extra_data"]["status"]), entry["output"],
                   entry["extra_data"]["tests_passed"], entry["extra_data"]["tests_total"])
        for entry in data["tests"]
    )
    return WeekResult(week, tasks, data.get("execution_time", 0.0))
