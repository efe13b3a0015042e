"""The contract between the grader (parent) and the pytest run it watches (child).

The child appends one JSON line per event to the result stream; the parent reads them and
owns the score.  Every kind of event and every outcome a test can have is named here, once:

  collected  {"tests": [{"nodeid", "task", "title"}, ...]}   the tests that will run
  start      {"nodeid"}                                       a test begins
  end        {"nodeid", "outcome", "feedback"}                a test ended with an Outcome
  finished   {"exitstatus"}                                   pytest's session is over

The child decides `passed`, `failed`, `not implemented` (the exception chain holds a
NotImplementedError: the stub's body) and `skipped`; the parent adds `timeout`, `crashed`
and `not run`, which a child cannot report about itself.
"""

from __future__ import annotations

import dataclasses
import enum
import json


class Outcome(str, enum.Enum):
    """What happened to one test (and, for the first test that did not pass, to its task)."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_IMPLEMENTED = "not implemented"
    SKIPPED = "skipped"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    NOT_RUN = "not run"

    @property
    def words(self) -> str:
        """How the student's table says it."""
        return {"not implemented": "not implemented yet", "timeout": "timed out"}.get(self.value, self.value)

    @property
    def lost(self) -> bool:
        """The test ran and did not pass: its task earns nothing, whatever else happens."""
        return self in (Outcome.FAILED, Outcome.NOT_IMPLEMENTED, Outcome.TIMEOUT, Outcome.CRASHED)


@dataclasses.dataclass
class TestResult:
    """One graded test: its pytest node id, its course.toml task, and what happened."""

    __test__ = False  # not a pytest test class, despite its name

    nodeid: str
    task: str | None
    title: str
    outcome: Outcome = Outcome.NOT_RUN
    feedback: str = "not run: the grading run ended before this test"


EVENTS = {
    "collected": ("tests",),
    "start": ("nodeid",),
    "end": ("nodeid", "outcome", "feedback"),
    "finished": ("exitstatus",),
}


class StreamError(ValueError):
    """A line of the result stream that does not follow this contract."""


def encode_event(kind: str, **fields) -> str:
    """One line of the result stream (with its newline)."""
    if kind not in EVENTS or set(fields) != set(EVENTS[kind]):
        raise StreamError(f"event {kind!r} with fields {sorted(fields)} is not in the contract")
    return json.dumps({"event": kind, **fields}) + "\n"


def decode_event(line: str) -> tuple[str, dict]:
    """(kind, fields) of one stream line; an `end` event's outcome becomes an Outcome."""
    try:
        data = json.loads(line)
        kind = data.pop("event")
    except (ValueError, KeyError, AttributeError) as error:
        raise StreamError(f"unreadable result-stream line {line[:80]!r}: {error}") from None
    if kind not in EVENTS or set(data) != set(EVENTS[kind]):
        raise StreamError(f"result-stream event {kind!r} with fields {sorted(data)} is not in the contract")
    if kind == "end":
        data["outcome"] = Outcome(data["outcome"])
    return kind, data


def timeout_feedback(title: str, seconds: float) -> str:
    """What a test that ran past its limit says, whichever side stopped it."""
    return f"{title}\ntook longer than {seconds:g} s: an infinite loop, or far too slow"
