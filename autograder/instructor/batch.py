"""Grade many trusted submissions of one week in a few warm processes.

A student's submission is graded in a fresh, guarded child process (autograder.runner).  The
instructor's own code (the reference, the buggy and correct variants: hundreds of gradings
in CI) needs no such isolation, and a fresh process per submission pays the JAX import and
every compile of the tests' oracles again.  Here one process per job slot imports the tests
once and runs pytest on each submission in turn, with the same command line, plugin, result
stream and scoring as `grade_week`; only the student modules are unloaded between runs.

Never use this for untrusted code: a submission here could affect the ones after it.

Run as `python -m autograder.instructor.batch PLAN.json` by `grade_trusted`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.course import Course, Week
from autograder.results import WeekResult, score_week
from autograder.runner import EventLog, GradingError, child_env, pytest_arguments


def grade_trusted(course: Course, week: Week, submissions: list[Path], jobs: int = 2) -> list[WeekResult]:
    """Grade every submission folder (laid out like assignments/) on the whole week, in order."""
    with tempfile.TemporaryDirectory(prefix="autograder-batch-") as tmp:
        work = Path(tmp)
        runs = [{"stream": str(work / f"{i}.jsonl"), "seconds": str(work / f"{i}.seconds"),
                 "arguments": pytest_arguments(course.root, course.limits, week, submission.resolve(),
                                               str(work / f"{i}.jsonl"))}
                for i, submission in enumerate(submissions)]
        slots = [runs[slot::jobs] for slot in range(jobs) if runs[slot::jobs]]
        children = []
        for slot, plan in enumerate(slots):
            (work / f"plan{slot}.json").write_text(json.dumps(plan))
            children.append(subprocess.Popen(
                [sys.executable, "-m", "autograder.instructor.batch", str(work / f"plan{slot}.json")],
                cwd=course.root, env=child_env(), stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        limit = course.limits.total_timeout * max(len(plan) for plan in slots)
        for child in children:
            try:
                output, _ = child.communicate(timeout=limit)
            except subprocess.TimeoutExpired:
                for other in children:
                    other.kill()
                raise GradingError(f"trusted grading of week {week.number} took over {limit:g} s") from None
            if child.returncode != 0:
                raise GradingError(f"trusted grading of week {week.number} failed:\n"
                                   f"{output.decode(errors='replace')[-2000:]}")
        return [_result(course, week, submission, run) for submission, run in zip(submissions, runs)]


def _result(course: Course, week: Week, submission: Path, run: dict) -> WeekResult:
    log = EventLog()
    for line in Path(run["stream"]).read_text(encoding="utf-8").splitlines(keepends=True):
        log.feed(line)
    if not log.finished or log.tampered:
        raise GradingError(f"the trusted grading of {submission} did not finish ({log.tampered or 'no end'})")
    return score_week(week, list(log.results.values()), float(Path(run["seconds"]).read_text()))


def main(plan_path: str) -> int:
    import pytest

    from autograder.submission import forget_submissions

    for run in json.loads(Path(plan_path).read_text()):
        forget_submissions()
        Path(run["stream"]).touch()
        start = time.monotonic()
        pytest.main(run["arguments"])
        Path(run["seconds"]).write_text(repr(time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
