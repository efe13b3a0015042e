"""Run one week's tests against a submission in a guarded child process.

The child is plain pytest with the autograder plugin, writing one JSON line per event to a
file.  The parent (this module) enforces the limits and always ends with a result for every
test, whatever the student's code does:

- a test that runs past the per-test limit is killed (with its whole process group) and
  counts as timed out; a child that dies (os._exit, a segfault, SystemExit escaping pytest)
  leaves the running test marked crashed; in both cases pytest restarts without the tests
  already accounted for and without the tasks already lost;
- the address space of the child is limited, so runaway allocation raises MemoryError
  (on Linux; macOS cannot lower it and Windows has no such limit: the time limits remain);
- stdout and stderr are drained by a thread that keeps only their tail, so a flood of
  prints costs nothing but time;
- past the limit for the whole run, the tests not yet run count as failed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.contract import Outcome, TestResult, decode_event, timeout_feedback
from autograder.course import Course, Week

GRACE_SECONDS = 5.0  # beyond pytest-timeout's own limit before the parent kills the child
OUTPUT_TAIL_BYTES = 4000


class _Tail(threading.Thread):
    """Drain a pipe, keeping only the last bytes (a flood of prints must not fill memory)."""

    def __init__(self, pipe):
        super().__init__(daemon=True)
        self.pipe, self.data = pipe, b""

    def run(self):
        for chunk in iter(lambda: self.pipe.read1(65536), b""):
            self.data = (self.data + chunk)[-OUTPUT_TAIL_BYTES:]

    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


POSIX = os.name == "posix"


class GradingError(RuntimeError):
    """The week could not be graded at all: no submission folder, or tests that do not collect."""


def _kill(child: subprocess.Popen) -> None:
    if POSIX:
        os.killpg(child.pid, signal.SIGKILL)  # the whole group: pytest and anything it started
    else:
        child.kill()


def _death_reason(returncode: int | None) -> str:
    if returncode is None:
        return "the test process was stopped"
    if returncode < 0 and POSIX:
        name = signal.Signals(-returncode).name
        if name == "SIGSEGV":
            return "the Python process crashed (segmentation fault)"
        return f"the Python process was killed by {name}"
    return f"the code under test ended the Python process (exit code {returncode}, e.g. os._exit)"


def pytest_arguments(course: Course, week: Week, submission: Path, stream: Path,
                     tasks: list[str] | None = None, resume: Path | None = None) -> list[str]:
    """The pytest command line of one grading run (after `python -m pytest`)."""
    limits = course.limits
    arguments = [
        str(course.root / "tests" / week.folder),
        "--rootdir", str(course.root), "-p", "no:cacheprovider", "-q", "--no-header", "-s",
        "--assert=plain",  # feedback shows the assertion's own words, not pytest's introspection
        "--submission", str(submission), "--autograder-results", str(stream),
        "--autograder-fail-fast", "--hypothesis-profile", "grading",
        "--autograder-memory-limit-mb", str(limits.memory_limit_mb),
        "--timeout", repr(limits.per_test_timeout),
        "--timeout-method", "signal" if POSIX else "thread",
    ]
    if tasks:
        arguments += ["--autograder-tasks", ",".join(tasks)]
    if resume is not None:
        arguments += ["--autograder-resume", str(resume)]
    return arguments


def child_env() -> dict[str, str]:
    """The environment of a grading child: float64 JAX on the CPU, fixed hash seed, no display."""
    env = dict(os.environ)
    env.update(JAX_ENABLE_X64="1", JAX_PLATFORMS="cpu", PYTHONHASHSEED="0",
               PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
    return env


class EventLog:
    """The results of one run's tests, as the child's result stream has told them so far."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0
        self.results: dict[str, TestResult] = {}  # nodeid -> result, in collection order
        self.current: tuple[str, float] | None = None  # running test and its start time
        self.finished = False

    def read(self) -> None:
        """Apply every complete line written since the last call."""
        with open(self.path, encoding="utf-8") as stream:
            stream.seek(self.offset)
            while True:
                line = stream.readline()
                if not line.endswith("\n"):
                    break
                self.offset = stream.tell()
                self._apply(*decode_event(line))

    def _apply(self, kind: str, event: dict) -> None:
        if kind == "collected":
            for test in event["tests"]:
                self.results.setdefault(test["nodeid"], TestResult(test["nodeid"], test["task"], test["title"]))
        elif kind == "start":
            self.current = (event["nodeid"], time.monotonic())
        elif kind == "end":
            result = self.results[event["nodeid"]]
            result.outcome, result.feedback = event["outcome"], event["feedback"]
            self.current = None
        elif kind == "finished":
            self.finished = True


class WeekRun:
    """One grading run of `week` on `submission`: call `run()` for the list of TestResult."""

    def __init__(self, course: Course, week: Week, submission: Path, tasks: list[str] | None = None):
        self.course, self.week, self.submission = course, week, submission.resolve()
        self.tasks = tasks
        self.workdir = Path(tempfile.mkdtemp(prefix="autograder-"))
        self.log = EventLog(self.workdir / "events.jsonl")

    @property
    def results(self) -> dict[str, TestResult]:
        return self.log.results

    def _resume_file(self) -> Path:
        done = [r.nodeid for r in self.results.values() if r.outcome is not Outcome.NOT_RUN]
        failed = sorted({r.task for r in self.results.values() if r.outcome.lost})
        path = self.workdir / "resume.json"
        path.write_text(json.dumps({"done": done, "failed_tasks": failed}))
        return path

    def _count_done(self) -> int:
        return sum(r.outcome is not Outcome.NOT_RUN for r in self.results.values())

    def run(self) -> list[TestResult]:
        try:
            return self._run()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _run(self) -> list[TestResult]:
        limits = self.course.limits
        deadline = time.monotonic() + limits.total_timeout
        self.log.path.touch()
        resume = None
        while True:
            done_before = self._count_done()
            reason, tail = self._run_child(resume, deadline)
            if not self.results:
                raise GradingError(f"the tests of week {self.week.number} could not be collected:\n{tail}")
            if reason == "deadline":
                for result in self.results.values():
                    if result.outcome is Outcome.NOT_RUN:
                        result.feedback = f"not run: the week's grading exceeded {limits.total_timeout:g} s"
                break
            if self.log.current is not None:  # the test that was running when the child was stopped
                result = self.results[self.log.current[0]]
                if reason == "timeout":
                    result.outcome = Outcome.TIMEOUT
                    result.feedback = timeout_feedback(result.title, limits.per_test_timeout)
                else:
                    result.outcome, result.feedback = Outcome.CRASHED, f"{result.title}\n{reason}"
                self.log.current = None
            remaining = [r for r in self.results.values() if r.outcome is Outcome.NOT_RUN]
            if not remaining or (self.log.finished and not reason):
                break
            if self._count_done() == done_before:  # the child made no progress: do not loop
                for result in remaining:
                    result.feedback = f"not run: the test process failed\n{tail[-500:]}"
                break
            resume = self._resume_file()
        return list(self.results.values())

    def _run_child(self, resume: Path | None, deadline: float) -> tuple[str, str]:
        """Run pytest once; returns (why it was stopped or died, or "", and its output's tail)."""
        limits = self.course.limits
        self.log.finished = False
        arguments = pytest_arguments(self.course, self.week, self.submission, self.log.path, self.tasks, resume)
        child = subprocess.Popen(
            [sys.executable, "-m", "pytest", *arguments], cwd=self.course.root, env=child_env(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=POSIX,  # its own process group: a kill takes everything it started
            creationflags=0 if POSIX else subprocess.CREATE_NEW_PROCESS_GROUP,
        )
        tail = _Tail(child.stdout)
        tail.start()
        reason = ""
        while True:
            returncode = child.poll()
            self.log.read()
            if returncode is not None:
                break
            now = time.monotonic()
            if self.log.current and now - self.log.current[1] > limits.per_test_timeout + GRACE_SECONDS:
                reason = "timeout"
            elif now > deadline:
                reason = "deadline"
            if reason:
                _kill(child)
                child.wait()
                break
            time.sleep(0.05)
        tail.join(timeout=5)
        if not reason and not self.log.finished:
            reason = _death_reason(child.returncode)
        return reason, tail.text()

