"""The pytest side of grading: task markers, hypothesis profiles, and the result stream.

Loaded by tests/conftest.py, so ``python -m pytest tests/week01_gradient_descent`` works for a
student exactly as it does inside the grader.  Options:

  --submission DIR        the folder laid out like assignments/ (default: assignments/)
  --autograder-results F  append one JSON line per event (collected/start/end/finished);
                          the grader's parent process reads it and computes the score
  --autograder-resume F   JSON {"done": [...nodeids], "failed_tasks": [...], "broken_modules":
                          {module: why}}: after a crash the grader restarts pytest without the
                          tests already accounted for, and without importing a module again
                          that ended or hung the process while it was being imported
  --autograder-fail-fast  once a test of a task fails, skip that task's remaining tests
                          (the task earns nothing anyway; this keeps grading fast)
  --autograder-tasks A,B  run only the tests of these tasks
  --autograder-memory-limit-mb N   bound this process's address space before collection
  --autograder-time-limits M,F     a test may take M times its reference time, at least F s
  --autograder-die-with-parent     end this process group when the grader ends (stdin closes)
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from autograder.contract import Outcome, StreamWriter, timeout_feedback
from autograder.course import read_reference_times, time_limit
from autograder.feedback import describe_failure, test_title
from autograder import processes
from autograder import submission as submissions
from autograder.submission import SUBMISSION_ENV

settings.register_profile(
    "student",  # fast and random: every run explores new inputs, failures are replayed
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)
settings.register_profile(
    "grading",  # the same code gets the same grade on every run and every machine
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("student")

# Tests run JAX in float64 on the CPU (the course convention); set before any test imports jax.
os.environ.setdefault("JAX_ENABLE_X64", "1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")


class StudentAbort(Exception):
    """The code under test raised SystemExit or KeyboardInterrupt; it fails only this test."""


def task_of(item) -> str | None:
    marker = item.get_closest_marker("task")
    return marker.args[0] if marker and marker.args else None


def _docstring(item) -> str | None:
    return getattr(getattr(item, "obj", None), "__doc__", None)


def pytest_addoption(parser):
    group = parser.getgroup("autograder")
    group.addoption("--submission", default=None, help="folder laid out like assignments/")
    group.addoption("--autograder-results", default=None,
                    help="the result stream: a file to append to, or fd:N (an inherited pipe)")
    group.addoption("--autograder-signed", action="store_true",
                    help="sign the events with the key on the first line of stdin")
    group.addoption("--autograder-resume", default=None, help="JSON of tests already graded")
    group.addoption("--autograder-fail-fast", action="store_true",
                    help="skip a task's remaining tests after its first failure")
    group.addoption("--autograder-tasks", default=None, help="comma-separated tasks to run")
    group.addoption("--autograder-memory-limit-mb", type=int, default=None,
                    help="limit this process's address space before any student code runs")
    group.addoption("--autograder-time-limits", default=None, metavar="MULTIPLE,FLOOR",
                    help="each test may take MULTIPLE times its reference time, at least FLOOR "
                         "and at most --timeout seconds (reference_times.json beside the tests)")
    group.addoption("--autograder-die-with-parent", action="store_true",
                    help="end this process group when the grader (parent) ends")


def _limit_memory(megabytes: int) -> None:
    """Bound the address space (runaway allocation raises MemoryError) and disable core dumps.

    Linux only in effect: macOS refuses to lower RLIMIT_AS, Windows has no `resource`.
    """
    try:
        import resource
    except ImportError:
        return
    for limit, value in ((resource.RLIMIT_AS, megabytes << 20), (resource.RLIMIT_CORE, 0)):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass


def _open_stream(config) -> StreamWriter | None:
    """The result stream, opened (and its key read from stdin) before any student code runs."""
    target = config.getoption("--autograder-results")
    if target is None:
        return None
    key = bytes.fromhex(sys.stdin.buffer.readline().decode().strip()) if config.getoption("--autograder-signed") else b""
    if target.startswith("fd:"):
        return StreamWriter(os.fdopen(int(target[3:]), "w", encoding="utf-8"), key)
    return StreamWriter(open(target, "a", encoding="utf-8"), key)


# What the verdict depends on: pytest's reports and runner, hypothesis's entry point, and the
# grader's own modules.  Their functions and classes are fingerprinted after collection, before
# any student code loads, and checked after every test; a submission that patches them scores 0.
GUARDED_MODULES = ("_pytest.reports", "_pytest.runner", "_pytest.python", "_pytest.outcomes",
                   "hypothesis.core", "autograder.checks", "autograder.feedback",
                   "autograder.contract", "autograder.pytest_plugin", "autograder.submission")


def _fingerprint() -> dict[str, int]:
    """The identity of every guarded module, class, function and method code object."""
    prints = {}
    for name in GUARDED_MODULES:
        module = sys.modules.get(name)
        prints[name] = id(module)
        for attribute, value in list(vars(module).items()) if module else ():
            key = f"{name}.{attribute}"
            if isinstance(value, type):
                prints[key] = id(value)
                prints.update((f"{key}.{member}", id(function.__code__)) for member, function
                              in list(vars(value).items()) if hasattr(function, "__code__"))
            elif hasattr(value, "__code__"):
                prints[key] = id(value.__code__)
    return prints


def pytest_configure(config):
    config.addinivalue_line("markers", "task(name): the course.toml task this test belongs to")
    stream = _open_stream(config)
    if config.getoption("--autograder-memory-limit-mb"):
        _limit_memory(config.getoption("--autograder-memory-limit-mb"))
    if config.getoption("--autograder-die-with-parent"):
        processes.die_with_parent()
    submission = config.getoption("--submission") or os.environ.get(SUBMISSION_ENV)
    submission = Path(submission) if submission else config.rootpath / "assignments"
    os.environ[SUBMISSION_ENV] = str(submission.resolve())
    config.pluginmanager.register(GradingSession(config, stream), "autograder-session")


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    try:
        return (yield)
    except (SystemExit, KeyboardInterrupt) as error:
        raise StudentAbort(f"the code under test raised {type(error).__name__}({error})") from None


class GradingSession:
    """Per-run state: which tests are done, which tasks failed, and the event stream."""

    def __init__(self, config, stream: StreamWriter | None):
        self.stream = stream
        self.fingerprint: dict[str, int] | None = None  # taken once the tests are collected
        self.fail_fast = config.getoption("--autograder-fail-fast")
        resume = config.getoption("--autograder-resume")
        previous = json.loads(Path(resume).read_text()) if resume else {}
        self.done = set(previous.get("done", []))
        tasks = config.getoption("--autograder-tasks")
        self.tasks = set(tasks.split(",")) if tasks else None
        self.failed_tasks = set(previous.get("failed_tasks", []))
        submissions.broken.update(previous.get("broken_modules", {}))
        submissions.import_listener = lambda kind, module: self.emit(kind, module=module)
        self.submission = Path(os.environ[SUBMISSION_ENV])
        self.outcomes: dict[str, tuple[Outcome, str]] = {}  # nodeid -> first non-pass of its phases
        self.started: dict[str, float] = {}  # nodeid -> when its setup began
        time_limits = config.getoption("--autograder-time-limits")  # "MULTIPLE,FLOOR", the cap is --timeout
        self.time_limits = (*map(float, time_limits.split(",")), float(config.getoption("timeout"))) \
            if time_limits else None

    def emit(self, kind: str, **fields):
        if self.stream is not None:
            self.stream.emit(kind, **fields)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        def wanted(item):
            return item.nodeid not in self.done and (self.tasks is None or task_of(item) in self.tasks)

        dropped = [item for item in items if not wanted(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if wanted(item)]
        if self.time_limits is not None:
            times = {}
            for item in items:
                if item.path.parent not in times:
                    times[item.path.parent] = read_reference_times(item.path.parent)
                reference = times[item.path.parent].get(item.nodeid)
                item.add_marker(pytest.mark.timeout(time_limit(reference, *self.time_limits)))
        self.emit("collected", tests=[
            {"nodeid": item.nodeid, "task": task_of(item), "title": test_title(_docstring(item), item.name)}
            for item in items
        ])

    def pytest_collection_finish(self, session):
        """Collection imported the tests and the grader, and no student code ran (it loads lazily)."""
        if self.stream is not None:
            self.fingerprint = _fingerprint()

    def pytest_runtest_setup(self, item):
        self.emit("start", nodeid=item.nodeid)
        self.started[item.nodeid] = time.monotonic()
        if self.fail_fast and task_of(item) in self.failed_tasks:
            pytest.skip(f"task {task_of(item)} has already failed")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        # The outcome comes from the exception itself, not from the report object, whose
        # class student code could have replaced.
        error = call.excinfo.value if call.excinfo is not None else None
        skipped = isinstance(error, pytest.skip.Exception)
        if error is not None and not skipped and task_of(item):
            self.failed_tasks.add(task_of(item))
        if item.nodeid not in self.outcomes and error is not None:
            if skipped:
                self.outcomes[item.nodeid] = (Outcome.SKIPPED, str(error.msg))
            else:
                self.outcomes[item.nodeid] = self._failure(item, call)
        return report

    def _failure(self, item, call) -> tuple[Outcome, str]:
        error = call.excinfo.value if call.excinfo is not None else None
        if error is None:
            return Outcome.FAILED, "failed"
        if type(error).__name__ == "Failed" and str(error).startswith("Timeout"):  # pytest-timeout
            marker = item.get_closest_marker("timeout")
            seconds = marker.args[0] if marker else item.config.getoption("timeout")
            return Outcome.TIMEOUT, timeout_feedback(test_title(_docstring(item), item.name), float(seconds))
        return describe_failure(error, _docstring(item), item.name, self.submission)

    def pytest_runtest_logfinish(self, nodeid, location):
        outcome, feedback = self.outcomes.pop(nodeid, (Outcome.PASSED, ""))
        seconds = time.monotonic() - self.started.pop(nodeid, time.monotonic())
        self.emit("end", nodeid=nodeid, outcome=outcome.value, feedback=feedback, seconds=round(seconds, 4))
        if self.fingerprint is not None:
            now = _fingerprint()
            changed = sorted(k for k in self.fingerprint.keys() | now.keys() if self.fingerprint.get(k) != now.get(k))
            if changed:
                self.emit("tampered", what=f"{', '.join(changed[:3])} changed during {nodeid}")
                self.fingerprint = now

    def pytest_sessionfinish(self, session, exitstatus):
        self.emit("finished", exitstatus=int(exitstatus))
        submissions.import_listener = None
        if self.stream is not None:
            self.stream.close()
