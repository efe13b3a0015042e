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

import dataclasses
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

from autograder.course import Course, Week
from autograder.feedback import timeout_feedback

GRACE_SECONDS = 5.0  # beyond pytest-timeout's own limit before the parent kills the child
OUTPUT_TAIL_BYTES = 4000


@dataclasses.dataclass
class TestResult:
    nodeid: str
    task: str | None
    title: str
    outcome: str  # passed, failed, skipped, timeout, crashed, not run
    feedback: str = ""


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


def _limit_child(memory_bytes: int):
    """Run in the child before exec: its own process group, bounded memory, no core dump."""
    import resource

    def apply():
        os.setsid()
        for limit, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_CORE, 0)):
            try:
                resource.setrlimit(limit, (value, value))
            except (ValueError, OSError):  # macOS refuses to lower RLIMIT_AS
                pass
    return apply


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


class WeekRun:
    """One grading run of `week` on `submission`: call `run()` for the list of TestResult."""

    def __init__(self, course: Course, week: Week, submission: Path, tasks: list[str] | None = None):
        self.course, self.week, self.submission = course, week, submission.resolve()
        self.tasks = tasks
        self.results: dict[str, TestResult] = {}  # nodeid -> result, in collection order
        self.workdir = Path(tempfile.mkdtemp(prefix="autograder-"))
        self.stream_path = self.workdir / "events.jsonl"
        self.stream_offset = 0
        self.current: tuple[str, float] | None = None  # running test and its start time

    def _command(self, resume: Path | None) -> list[str]:
        limits = self.course.limits
        command = [
            sys.executable, "-m", "pytest", str(self.course.root / "tests" / self.week.folder),
            "--rootdir", str(self.course.root), "-p", "no:cacheprovider", "-q", "--no-header", "-s",
            "--assert=plain",  # feedback shows the assertion's own words, not pytest's introspection
            "--submission", str(self.submission), "--autograder-results", str(self.stream_path),
            "--autograder-fail-fast", "--hypothesis-profile", "grading",
            "--timeout", str(int(limits.per_test_timeout)),
            "--timeout-method", "signal" if POSIX else "thread",
        ]
        if self.tasks:
            command += ["--autograder-tasks", ",".join(self.tasks)]
        if resume is not None:
            command += ["--autograder-resume", str(resume)]
        return command

    def _read_events(self):
        with open(self.stream_path, encoding="utf-8") as stream:
            stream.seek(self.stream_offset)
            while True:
                line = stream.readline()
                if not line.endswith("\n"):
                    break
                self.stream_offset = stream.tell()
                yield json.loads(line)

    def _apply(self, event: dict) -> bool:
        """Update the results from one event; True when pytest finished its session."""
        kind = event["event"]
        if kind == "collected":
            for test in event["tests"]:
                self.results.setdefault(test["nodeid"], TestResult(
                    test["nodeid"], test["task"], test["title"], "not run",
                    "not run: the grading run ended before this test"))
        elif kind == "start":
            self.current = (event["nodeid"], time.monotonic())
        elif kind == "end":
            result = self.results[event["nodeid"]]
            result.outcome, result.feedback = event["outcome"], event["feedback"]
            self.current = None
        return kind == "finished"

    def _resume_file(self) -> Path:
        done = [r.nodeid for r in self.results.values() if r.outcome != "not run"]
        failed = sorted({r.task for r in self.results.values() if r.outcome not in ("passed", "not run")})
        path = self.workdir / "resume.json"
        path.write_text(json.dumps({"done": done, "failed_tasks": failed}))
        return path

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(JAX_ENABLE_X64="1", JAX_PLATFORMS="cpu", PYTHONHASHSEED="0",
                   PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
        return env

    def _count_done(self) -> int:
        return sum(r.outcome != "not run" for r in self.results.values())

    def run(self) -> list[TestResult]:
        try:
            return self._run()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _run(self) -> list[TestResult]:
        limits = self.course.limits
        deadline = time.monotonic() + limits.total_timeout
        self.stream_path.touch()
        resume = None
        while True:
            done_before = self._count_done()
            finished, reason, tail = self._run_child(resume, deadline)
            if not self.results:
                raise GradingError(f"the tests of week {self.week.number} could not be collected:\n{tail}")
            if reason == "deadline":
                for result in self.results.values():
                    if result.outcome == "not run":
                        result.feedback = f"not run: the week's grading exceeded {limits.total_timeout:g} s"
                break
            if self.current is not None:  # the test that was running when the child was stopped
                result = self.results[self.current[0]]
                if reason == "timeout":
                    result.outcome = "timeout"
                    result.feedback = timeout_feedback(result.title, limits.per_test_timeout)
                else:
                    result.outcome, result.feedback = "crashed", f"{result.title}\n{reason}"
                self.current = None
            remaining = [r for r in self.results.values() if r.outcome == "not run"]
            if not remaining or (finished and not reason):
                break
            if self._count_done() == done_before:  # the child made no progress: do not loop
                for result in remaining:
                    result.feedback = f"not run: the test process failed\n{tail[-500:]}"
                break
            resume = self._resume_file()
        return list(self.results.values())

    def _run_child(self, resume: Path | None, deadline: float) -> tuple[bool, str, str]:
        """Run pytest once; returns (finished, reason it was stopped or died, output tail)."""
        limits = self.course.limits
        child = subprocess.Popen(
            self._command(resume), cwd=self.course.root, env=self._env(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            preexec_fn=_limit_child(limits.memory_limit_mb << 20) if POSIX else None,
            creationflags=0 if POSIX else subprocess.CREATE_NEW_PROCESS_GROUP,
        )
        tail = _Tail(child.stdout)
        tail.start()
        finished, reason = False, ""
        while True:
            returncode = child.poll()
            for event in self._read_events():
                finished |= self._apply(event)
            if returncode is not None:
                break
            now = time.monotonic()
            if self.current and now - self.current[1] > limits.per_test_timeout + GRACE_SECONDS:
                reason = "timeout"
            elif now > deadline:
                reason = "deadline"
            if reason:
                _kill(child)
                child.wait()
                break
            time.sleep(0.05)
        tail.join(timeout=5)
        if not reason and not finished:
            reason = _death_reason(child.returncode)
        return finished, reason, tail.text()


class GradingError(RuntimeError):
    """The week could not be graded at all (the tests themselves are broken)."""


def run_week(course: Course, week: Week, submission: Path, tasks: list[str] | None = None) -> list[TestResult]:
    return WeekRun(course, week, submission, tasks).run()
