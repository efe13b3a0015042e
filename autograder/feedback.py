"""Turn a failed test into feedback a student can act on.

One short paragraph: the property that broke (the test's docstring), the evidence (the
assertion message of autograder.checks), the smallest input hypothesis found, and the
hint from the docstring.  Never a raw traceback: where the student's code raised, the
function, file and line are named instead.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from autograder.contract import Outcome
from autograder.submission import SubmissionImportError

MAX_FEEDBACK_CHARS = 1500


def test_title(docstring: str | None, name: str) -> str:
    """First line of the test's docstring, or its name in words."""
    if docstring and docstring.strip():
        return docstring.strip().splitlines()[0].strip()
    return name.removeprefix("test_").replace("_", " ")


def test_hint(docstring: str | None) -> str:
    """The docstring's paragraph that starts with "Hint:", joined into one line."""
    hint = []
    for line in (docstring or "").splitlines():
        if line.strip().startswith("Hint:") or (hint and line.strip()):
            hint.append(line.strip())
        elif hint:
            break
    return " ".join(hint)


def _chain(error: BaseException):
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def _where_in_submission(error: BaseException, submission: Path | None) -> str:
    if submission is None:
        return ""
    root = submission.resolve()
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(root)
    ]
    if not frames:
        return ""
    frame = frames[-1]
    return f" in {frame.name} ({Path(frame.filename).name} line {frame.lineno})"


# hypothesis's notes on the input that failed -> how the feedback introduces it
HYPOTHESIS_NOTES = {
    "Falsifying example:": "Smallest failing input",  # older hypothesis
    "Failing test case:": "Smallest failing input",
    "Falsifying explicit example:": "Failing input (one the test always tries)",  # older
    "Failing explicit example:": "Failing input (one the test always tries)",  # an @example
}


def _falsifying_example(error: BaseException) -> str:
    """The failing input, from the note hypothesis attaches to the exception."""
    for note in getattr(error, "__notes__", []):
        for prefix, label in HYPOTHESIS_NOTES.items():
            if note.startswith(prefix):
                return f"\n{label}: " + note.removeprefix(prefix).strip()
    return ""


def describe_failure(error: BaseException, docstring: str | None, name: str,
                     submission: Path | None) -> tuple[Outcome, str]:
    """The outcome and the feedback of a test that raised `error`.

    A NotImplementedError anywhere in the exception chain is the stub's own body: the test
    is "not implemented", and the stub's message (which names the function) is the feedback.
    """
    for link in _chain(error):
        if isinstance(link, NotImplementedError):
            return Outcome.NOT_IMPLEMENTED, str(link) or "not implemented yet"
        if isinstance(link, SubmissionImportError):
            return Outcome.FAILED, str(link)
    title = test_title(docstring, name)
    hint = test_hint(docstring)
    if isinstance(error, AssertionError):
        evidence = str(error).strip()
    else:
        evidence = (f"{type(error).__name__} raised{_where_in_submission(error, submission)}: "
                    f"{str(error).strip()}")
    text = f"{title}\n{evidence}{_falsifying_example(error)}" + (f"\n{hint}" if hint else "")
    if len(text) > MAX_FEEDBACK_CHARS:
        text = text[: MAX_FEEDBACK_CHARS - 15] + "\n... (cut)"
    return Outcome.FAILED, text
