"""The contract between the grader (parent) and the pytest run it watches (child).

The child appends one JSON line per event to the result stream; the parent reads them and
owns the score.  Every kind of event and every outcome a test can have is named here, once:

  collected  {"tests": [{"nodeid", "task", "title"}, ...]}   the tests that will run
  start      {"nodeid"}                                       a test begins
  importing  {"module"}                                       a submission module starts importing
  imported   {"module"}                                       ... and is done (or failed)
  end        {"nodeid", "outcome", "feedback", "seconds"}     a test ended with an Outcome
  tampered   {"what"}                                         the grader's own code was changed
  finished   {"exitstatus"}                                   pytest's session is over

Each event is numbered and carries the pid of the process that wrote it, and in a student's
grading run it is signed (HMAC-SHA256) with a secret the parent hands the child on its stdin,
before any student code runs: the parent accepts only the next event, from its child, with
a valid signature, so an event that student code forges, replays or writes from a forked
process is detected (and the run scores 0), and a missing one is noticed.

The child decides `passed`, `failed`, `not implemented` (the exception chain holds a
NotImplementedError: the stub's body) and `skipped`; the parent adds `timeout`, `crashed`
and `not run`, which a child cannot report about itself.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
import json
import os


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
    seconds: float = 0.0  # as the child measured it: for reference_times.json, never for a verdict


EVENTS = {
    "collected": ("tests",),
    "start": ("nodeid",),
    "importing": ("module",),
    "imported": ("module",),
    "end": ("nodeid", "outcome", "feedback", "seconds"),
    "tampered": ("what",),
    "finished": ("exitstatus",),
}


class StreamError(ValueError):
    """A line of the result stream that does not follow this contract, or was not written by
    the grading child: a forged, replayed, reordered or foreign (forked process) event."""


def _check(kind: str, fields: dict) -> None:
    if kind not in EVENTS or set(fields) != set(EVENTS[kind]):
        raise StreamError(f"event {kind!r} with fields {sorted(fields)} is not in the contract")


def _mac(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest() if key else ""


class StreamWriter:
    """The child's side: numbered events, each signed with the run's secret key (if any)."""

    def __init__(self, file, key: bytes = b""):
        self._file, self._key, self._seq = file, key, 0

    def emit(self, kind: str, **fields) -> None:
        _check(kind, fields)
        body = json.dumps({"event": kind, "seq": self._seq, "pid": os.getpid(), **fields})
        self._file.write(json.dumps({"body": body, "mac": _mac(self._key, body)}) + "\n")
        self._file.flush()
        self._seq += 1

    def close(self) -> None:
        self._file.close()


class StreamReader:
    """The parent's side: accepts only the next event, from the expected process, with a valid
    signature; anything else raises StreamError."""

    def __init__(self, key: bytes = b"", pid: int | None = None):
        self.key, self.pid, self.seq = key, pid, 0

    def decode(self, line: str) -> tuple[str, dict]:
        try:
            envelope = json.loads(line)
            body = envelope["body"]
            data = json.loads(body)
            kind, seq, pid = data.pop("event"), data.pop("seq"), data.pop("pid")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise StreamError(f"unreadable result-stream line {line[:80]!r} ({error})") from None
        if not hmac.compare_digest(envelope.get("mac", ""), _mac(self.key, body)):
            raise StreamError(f"an event with a wrong signature: {body[:120]}")
        if self.pid is not None and pid != self.pid:
            raise StreamError(f"an event from process {pid}, not from the grading child {self.pid}")
        if seq != self.seq:
            raise StreamError(f"event number {seq} where {self.seq} was due")
        _check(kind, data)
        self.seq += 1
        if kind == "end":
            data["outcome"] = Outcome(data["outcome"])
        return kind, data


def timeout_feedback(title: str, seconds: float) -> str:
    """What a test that ran past its limit says, whichever side stopped it."""
    return f"{title}\ntook longer than {seconds:g} s: an infinite loop, or far too slow"
