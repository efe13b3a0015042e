"""`grade_week`: one week of one submission, run in a guarded child process and scored.

Every command that grades (grade, verify, gradebook) and the framework's tests call this
one function, so that the score, the feedback and the time taken mean the same everywhere.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from autograder.course import Course, Week
from autograder.results import WeekResult, score_week
from autograder.rules import check_source
from autograder.runner import GradingError, WeekRun


def check_submission(week: Week, submission: Path) -> None:
    """Refuse, in one line, a submission folder that cannot hold the week."""
    if not submission.is_dir():
        raise GradingError(f"submission folder {submission} does not exist")
    if not (submission / week.folder).is_dir():
        raise GradingError(f"submission folder {submission} has no {week.folder}/ folder")


def rule_violations(week: Week, submission: Path) -> dict[str, list[str]]:
    """module -> the static rules its source breaks (autograder.rules), before any of it runs."""
    broken = {}
    for module in week.modules:
        path = submission / week.folder / module
        if path.is_file() and "*" not in week.imports[module]:  # "*": no static rules for it
            found = check_source(path.read_text(encoding="utf-8", errors="replace"), module,
                                 week.imports[module], week.forbidden_calls)
            if found:
                broken[module] = [str(violation) for violation in found]
    return broken


def grade_week(course: Course, week: Week, submission: Path, tasks: list[str] | None = None) -> WeekResult:
    """Grade `submission` (laid out like assignments/) on `week`, or on its `tasks` only.

    A module that breaks a rule of the week is never imported: its tests fail with the rule
    and the line, and the result lists the violations (the gradebook flags them for review).
    """
    check_submission(week, submission)
    for task in tasks or ():
        week.task(task)
    start = time.monotonic()
    violations = rule_violations(week, submission)
    refused = {module: (f"{module} breaks the rules of this week (see the handout), so it is not run "
                        f"and each of its tasks scores 0:\n" + "\n".join(lines))
               for module, lines in violations.items()}
    tests = WeekRun(course, week, submission, tasks, refused).run()
    result = score_week(week, tests, time.monotonic() - start, tasks)
    return dataclasses.replace(result, violations=tuple(line for lines in violations.values() for line in lines))
