"""`grade_week`: one week of one submission, run in a guarded child process and scored.

Every command that grades (grade, verify, gradebook) and the framework's tests call this
one function, so that the score, the feedback and the time taken mean the same everywhere.
"""

from __future__ import annotations

import time
from pathlib import Path

from autograder.course import Course, Week
from autograder.results import WeekResult, score_week
from autograder.runner import GradingError, WeekRun


def check_submission(week: Week, submission: Path) -> None:
    """Refuse, in one line, a submission folder that cannot hold the week."""
    if not submission.is_dir():
        raise GradingError(f"submission folder {submission} does not exist")
    if not (submission / week.folder).is_dir():
        raise GradingError(f"submission folder {submission} has no {week.folder}/ folder")


def grade_week(course: Course, week: Week, submission: Path, tasks: list[str] | None = None) -> WeekResult:
    """Grade `submission` (laid out like assignments/) on `week`, or on its `tasks` only."""
    check_submission(week, submission)
    for task in tasks or ():
        week.task(task)
    start = time.monotonic()
    tests = WeekRun(course, week, submission, tasks).run()
    return score_week(week, tests, time.monotonic() - start, tasks)
