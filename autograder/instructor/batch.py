"""Grade many trusted submissions of one week in a few warm processes.

A student's submission is graded in a fresh, guarded child process (autograder.runner).  The
instructor's own code (the reference, the buggy and correct variants: hundreds of gradings
in CI) needs no such isolation, and a fresh process per submission pays the JAX import again.
Here one process per job slot keeps numpy, JAX and pytest imported and runs pytest on each
submission in turn, with the same command line, plugin, result stream and scoring as
`grade_week`.  Between runs it unloads the student modules and the week's test modules
(test files and their helpers), so each submission meets freshly imported tests: a
module-level cache in a test file cannot carry one submission's results into the next.

Never use this for untrusted code: a submission here could affect the ones after it.

Run as `python -m autograder.instructor.batch PLAN.json` by `iter_trusted`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from autograder.course import Course, Week
from autograder.results import WeekResult, score_week
from autograder.runner import EventLog, GradingError, child_env, pytest_arguments

POLL_SECONDS = 0.05


def iter_trusted(course: Course, week: Week, submissions: list[Path],
                 jobs: int = 2) -> Iterator[tuple[int, WeekResult]]:
    """Grade every submission folder (laid out like assignments/) on the whole week.

    Yields (index in `submissions`, result) as soon as each is graded, so in the order the
    runs finish.  Closing the generator early stops the grading processes.
    """
    if not submissions:
        return
    with tempfile.TemporaryDirectory(prefix="autograder-batch-") as tmp:
        work = Path(tmp)
        tests = str(course.root / "tests" / week.folder)
        runs = [{"stream": str(work / f"{i}.jsonl"), "seconds": str(work / f"{i}.seconds"), "tests": tests,
                 "arguments": pytest_arguments(course.root, course.limits, week, submission.resolve(),
                                               str(work / f"{i}.jsonl"))}
                for i, submission in enumerate(submissions)]
        slots = [runs[slot::jobs] for slot in range(jobs) if runs[slot::jobs]]
        # The tests are imported afresh for each submission, and a fresh `jax.jit` of an oracle
        # would compile again: with JAX's persistent cache, shared by the slots, an identical
        # computation (an oracle, a variant's unchanged function) compiles once per batch.
        jax_cache = work / "jax-cache"
        children = []
        try:
            for slot, plan in enumerate(slots):
                (work / f"plan{slot}.json").write_text(json.dumps(plan))
                with open(work / f"output{slot}.txt", "wb") as output:  # a file: a pipe could fill up
                    children.append(subprocess.Popen(
                        [sys.executable, "-m", "autograder.instructor.batch", str(work / f"plan{slot}.json")],
                        cwd=course.root, env=child_env(jax_cache), stdin=subprocess.DEVNULL,
                        stdout=output, stderr=subprocess.STDOUT))
            limit = course.limits.total_timeout * max(len(plan) for plan in slots)
            deadline = time.monotonic() + limit
            pending = dict(enumerate(runs))  # run i is the job of slot i % jobs
            while pending:
                ended = {slot for slot, child in enumerate(children) if child.poll() is not None}
                for index in [i for i, run in pending.items() if Path(run["seconds"]).is_file()]:
                    yield index, _result(week, submissions[index], pending.pop(index))
                failed = sorted(ended & {index % jobs for index in pending})  # ended with runs left
                if failed:
                    tail = (work / f"output{failed[0]}.txt").read_bytes()[-2000:].decode(errors="replace")
                    raise GradingError(f"trusted grading of week {week.number} failed:\n{tail}")
                if pending and time.monotonic() > deadline:
                    raise GradingError(f"trusted grading of week {week.number} took over {limit:g} s")
                if pending:
                    time.sleep(POLL_SECONDS)
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                child.wait()


def grade_trusted(course: Course, week: Week, submissions: list[Path], jobs: int = 2) -> list[WeekResult]:
    """Grade every submission folder (laid out like assignments/) on the whole week, in order."""
    results = dict(iter_trusted(course, week, submissions, jobs))
    return [results[index] for index in range(len(submissions))]


def _result(week: Week, submission: Path, run: dict) -> WeekResult:
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
        forget_submissions(Path(run["tests"]))
        Path(run["stream"]).touch()
        start = time.monotonic()
        pytest.main(run["arguments"])
        done = Path(run["seconds"] + ".partial")
        done.write_text(repr(time.monotonic() - start))
        os.replace(done, run["seconds"])  # the parent reads the result once this file exists
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
