"""Run one week's tests against a submission in a guarded child process.

The child is plain pytest with the autograder plugin, run in a sandbox folder
(autograder.sandbox) and reporting its events on a signed pipe (autograder.contract).  The
parent (this module) enforces the limits and always ends with a result for every test,
whatever the student's code does:

- a test that runs past its time limit (a multiple of its reference time, Limits.for_test)
  is killed with its whole process group and counts as timed out; a child that dies
  (os._exit, a segfault) leaves the running test marked crashed; in both cases pytest
  restarts without the tests already accounted for and without the tasks already lost;
- a submission module that ends or hangs the process while it is being imported is not
  imported again: the restarted run fails its tests at once, saying why;
- a forged or foreign event, or a change to the grader's code, scores the whole run 0;
- the address space of the child is limited, so runaway allocation raises MemoryError
  (on Linux; macOS cannot lower it and Windows has no such limit: the time limits remain);
- stdout and stderr are drained by a thread that keeps only their tail, so a flood of
  prints costs nothing but time;
- past the limit for the whole run, the tests not yet run count as failed;
- no process the run started outlives it (autograder.processes).
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder import processes
from autograder.contract import Outcome, StreamError, StreamReader, TestResult, timeout_feedback
from autograder.course import Course, Limits, Week, read_reference_times
from autograder.jax_cache import cache_folder, jax_environment
from autograder.sandbox import build_sandbox

GRACE_SECONDS = 5.0  # beyond pytest-timeout's own limit before the parent kills the child
IMPORT_SECONDS = 10.0  # a submission module that takes longer to import is stopped (numpy and jax are loaded already)
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


POSIX = processes.POSIX


class GradingError(RuntimeError):
    """The week could not be graded at all: no submission folder, or tests that do not collect."""


def _death_reason(returncode: int | None) -> str:
    """How the test process ended, in words (the cause, for a sentence about what ended it)."""
    if returncode is None:
        return "the test process was stopped"
    if returncode < 0 and POSIX:
        name = signal.Signals(-returncode).name
        return "a segmentation fault" if name == "SIGSEGV" else f"killed by {name}"
    return f"exit code {returncode}, e.g. os._exit"


def pytest_arguments(root: Path, limits: Limits, week: Week, submission: Path, stream: str,
                     tasks: list[str] | None = None, resume: Path | None = None) -> list[str]:
    """The pytest command line of one grading run (after `python -m pytest`), tests in `root`."""
    arguments = [
        str(root / "tests" / week.folder),
        "--rootdir", str(root), "-p", "no:cacheprovider", "-q", "--no-header", "-s",
        "--assert=plain",  # feedback shows the assertion's own words, not pytest's introspection
        "--submission", str(submission), "--autograder-results", str(stream),
        "--autograder-fail-fast", "--hypothesis-profile", "grading",
        "--autograder-memory-limit-mb", str(limits.memory_limit_mb),
        "--timeout", repr(limits.per_test_timeout),
        "--autograder-time-limits", f"{limits.time_multiple!r},{limits.time_floor!r}",
        "--timeout-method", "signal" if POSIX else "thread",
    ]
    if tasks:
        arguments += ["--autograder-tasks", ",".join(tasks)]
    if resume is not None:
        arguments += ["--autograder-resume", str(resume)]
    return arguments


def child_env(jax_cache: Path | None = None) -> dict[str, str]:
    """The environment of a grading child: float64 JAX on the CPU, fixed hash seed, no display;
    with `jax_cache`, JAX keeps its compiled executables there (autograder.jax_cache)."""
    env = dict(os.environ)
    env.update(JAX_ENABLE_X64="1", JAX_PLATFORMS="cpu", PYTHONHASHSEED="0",
               PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
    if jax_cache is not None:
        env.update(jax_environment(jax_cache))
    return env


class EventLog:
    """The results of one run's tests, as the child's result stream has told them so far.

    Lines are fed in as they arrive; the first one that breaks the contract (forged,
    out of order, from another process) marks the run as tampered with.
    """

    def __init__(self, reader: StreamReader | None = None):
        self.reader = reader or StreamReader()
        self.results: dict[str, TestResult] = {}  # nodeid -> result, in collection order
        self.current: tuple[str, float] | None = None  # running test and its start time
        self.importing: tuple[str, float] | None = None  # submission module being imported, since when
        self.finished = False
        self.tampered: str | None = None

    def expect(self, reader: StreamReader) -> None:
        """A new child: its events are numbered from 0 and signed with its own key."""
        self.reader, self.finished = reader, False

    def feed(self, line: str) -> None:
        if self.tampered is not None:
            return
        try:
            kind, event = self.reader.decode(line)
        except StreamError as error:
            self.tampered = str(error)
            return
        if kind == "collected":
            for test in event["tests"]:
                self.results.setdefault(test["nodeid"], TestResult(test["nodeid"], test["task"], test["title"]))
        elif kind == "start":
            self.current = (event["nodeid"], time.monotonic())
        elif kind == "importing":
            self.importing = (event["module"], time.monotonic())
        elif kind == "imported":
            self.importing = None
        elif kind == "end" and event["nodeid"] not in self.results:
            self.tampered = f"the end of a test that was never collected: {event['nodeid'][:100]}"
        elif kind == "end":
            result = self.results[event["nodeid"]]
            result.outcome, result.feedback, result.seconds = event["outcome"], event["feedback"], event["seconds"]
            self.current = None
        elif kind == "tampered":
            self.tampered = event["what"]
        elif kind == "finished":
            self.finished = True


class _Lines(threading.Thread):
    """Read the result pipe line by line into a queue (the main loop also watches the clock)."""

    def __init__(self, fd: int):
        super().__init__(daemon=True)
        self.pipe, self.lines = os.fdopen(fd, "r", encoding="utf-8", errors="replace"), queue.Queue()

    def run(self):
        for line in self.pipe:
            self.lines.put(line)
        self.pipe.close()

    def drain(self) -> list[str]:
        lines = []
        while not self.lines.empty():
            lines.append(self.lines.get())
        return lines


class WeekRun:
    """One grading run of `week` on `submission`: call `run()` for the list of TestResult."""

    def __init__(self, course: Course, week: Week, submission: Path, tasks: list[str] | None = None,
                 refused_modules: dict[str, str] | None = None):
        self.course, self.week, self.tasks, self.original = course, week, tasks, submission.resolve()
        self.workdir = Path(tempfile.mkdtemp(prefix="autograder-"))  # holds the resume file and the sandbox
        self.sandbox = self.workdir / "sandbox"  # what the child sees
        self.submission = self.sandbox / "submission"
        self.log = EventLog()
        self.child: subprocess.Popen | None = None
        self.reference_times = read_reference_times(course.root / "tests" / week.folder)
        self.jax_cache = cache_folder(week.folder, self.original)
        # module -> why it is not imported: it breaks a rule, or it ended or hung the process on import
        self.broken_modules: dict[str, str] = dict(refused_modules or {})

    @property
    def results(self) -> dict[str, TestResult]:
        return self.log.results

    def _time_limit(self, nodeid: str) -> float:
        return self.course.limits.for_test(self.reference_times.get(nodeid))

    def _resume_file(self) -> Path:
        done = [r.nodeid for r in self.results.values() if r.outcome is not Outcome.NOT_RUN]
        failed = sorted({r.task for r in self.results.values() if r.outcome.lost})
        path = self.workdir / "resume.json"
        path.write_text(json.dumps({"done": done, "failed_tasks": failed, "broken_modules": self.broken_modules}))
        return path

    def _count_done(self) -> int:
        return sum(r.outcome is not Outcome.NOT_RUN for r in self.results.values())

    def run(self) -> list[TestResult]:
        try:
            build_sandbox(self.course, self.week, self.original, self.sandbox)
            return self._run()
        finally:  # also when the grader itself is interrupted (SIGINT, SIGTERM)
            if self.child is not None:
                processes.finish(self.child)
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _run(self) -> list[TestResult]:
        limits = self.course.limits
        deadline = time.monotonic() + limits.total_timeout
        resume = self._resume_file() if self.broken_modules else None
        while True:
            done_before = self._count_done()
            reason, tail = self._run_child(resume, deadline)
            if self.log.tampered:
                for result in self.results.values():
                    result.outcome = Outcome.FAILED
                    result.feedback = (f"the grader's result stream or code was tampered with "
                                       f"({self.log.tampered}): the whole run scores 0")
                break
            if not self.results:
                raise GradingError(f"the tests of week {self.week.number} could not be collected:\n{tail}")
            if reason == "deadline":
                for result in self.results.values():
                    if result.outcome is Outcome.NOT_RUN:
                        result.feedback = f"not run: the week's grading exceeded {limits.total_timeout:g} s"
                break
            import_failure = None
            if self.log.importing is not None:  # the submission module itself ended or hung the process
                module, since = self.log.importing
                if reason == "timeout":  # the test's own limit came first
                    reason = "import timeout"
                import_failure = self.broken_modules[module] = (
                    f"{module} did not finish importing within {time.monotonic() - since:.0f} s (an infinite loop?)"
                    if reason == "import timeout" else
                    f"{module} ended the Python process while it was being imported ({reason})")
                self.log.importing = None
            if self.log.current is not None:  # the test that was running when the child was stopped
                result = self.results[self.log.current[0]]
                if reason == "timeout":
                    result.outcome = Outcome.TIMEOUT
                    result.feedback = timeout_feedback(result.title, self._time_limit(result.nodeid))
                else:
                    result.outcome = Outcome.TIMEOUT if reason == "import timeout" else Outcome.CRASHED
                    result.feedback = import_failure or f"{result.title}\nthe code under test ended the Python process ({reason})"
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
        read_end, write_end = os.pipe()
        key = secrets.token_bytes(32)
        arguments = pytest_arguments(self.sandbox, limits, self.week, self.submission, f"fd:{write_end}",
                                     self.tasks, resume)
        child = self.child = processes.start(
            [sys.executable, "-m", "pytest", *arguments, "--autograder-signed", "--autograder-die-with-parent"],
            cwd=self.sandbox, env=child_env(self.jax_cache), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            pass_fds=(write_end,))
        os.close(write_end)  # the child holds the only write end: EOF when it (and its group) ends
        self.log.expect(StreamReader(key, child.pid))
        child.stdin.write(key.hex().encode() + b"\n")
        child.stdin.flush()
        lines, tail = _Lines(read_end), _Tail(child.stdout)
        lines.start()
        tail.start()
        reason = ""
        while True:
            returncode = child.poll()
            for line in lines.drain():
                self.log.feed(line)
            if returncode is not None or self.log.finished:  # all results are in: no need to
                break  # wait for the interpreter's own exit (JAX's teardown takes seconds)
            now = time.monotonic()
            if self.log.tampered:
                reason = "tampered"
            elif self.log.importing and now - self.log.importing[1] > IMPORT_SECONDS:
                reason = "import timeout"
            elif self.log.current and now - self.log.current[1] > self._time_limit(self.log.current[0]) + GRACE_SECONDS:
                reason = "timeout"
            elif now > deadline:
                reason = "deadline"
            if reason:
                break
            time.sleep(0.05)
        processes.finish(child)  # the group and any orphan, also after a normal end
        self.child = None
        lines.join(timeout=5)
        for line in lines.drain():
            self.log.feed(line)
        tail.join(timeout=5)
        if not reason and not self.log.finished:
            reason = _death_reason(child.returncode)
        return reason, tail.text()
