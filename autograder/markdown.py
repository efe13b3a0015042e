"""The week's result as GitHub-flavoured Markdown: the report card on the run's summary page.

A table (task, points, status, the first line of the feedback) and, for each lost task,
its whole feedback (property, evidence, failing input, hint) in a collapsible block.
Feedback quotes what the submission returned or raised, so it is text the student
controls: in the table it is HTML-escaped and its Markdown punctuation backslash-escaped,
in the blocks it sits in a code fence longer than any run of backticks inside it.  Nothing
a submission prints can become a link, an image, a heading or HTML.
"""

from __future__ import annotations

import html
import re

from autograder.contract import Outcome
from autograder.results import WeekResult

CELL_CHARS = 120  # the first line of feedback in the table, cut to this
BLOCK_CHARS = 1500  # the feedback of one task in its block, cut to this
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def inline_text(text: str, limit: int = CELL_CHARS) -> str:
    """One line of untrusted text, safe inside a Markdown table cell or a summary line."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(line, quote=True))


def code_block(text: str, limit: int = BLOCK_CHARS) -> str:
    """Untrusted text shown verbatim: a fence longer than any backtick run in it."""
    if len(text) > limit:
        text = text[: limit - 10] + "\n... (cut)"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


_ICONS = {Outcome.PASSED: "✅", Outcome.NOT_IMPLEMENTED: "⬜"}


def render_markdown(result: WeekResult) -> str:
    week = result.week
    rows = [f"## PHYG004 week {week.number}: {inline_text(week.title)}", "",
            f"**Points {result.score}/{result.max_score}**", "",
            "| task | points | status | feedback |", "|---|---:|---|---|"]
    for task in result.tasks:
        icon = _ICONS.get(task.status, "❌")
        rows.append(f"| `{task.name}` | {task.points}/{task.max_points} | {icon} {task.status.words} "
                    f"| {inline_text(task.summary)} |")
    lost = [t for t in result.tasks if t.status not in (Outcome.PASSED, Outcome.NOT_IMPLEMENTED)]
    for task in lost:
        rows += ["", "<details>", f"<summary><code>{task.name}</code>: {inline_text(task.summary)}</summary>", "",
                 code_block(task.feedback.strip()), "", "</details>"]
    if result.violations:
        rows += ["", "**Rules broken** (the module was not run):", ""]
        rows += [f"- {inline_text(v)}" for v in result.violations]
    rows += ["", f"Graded in {result.seconds:.1f} s. The same command on your machine, "
             "`python -m autograder grade`, gives the same points."]
    return "\n".join(rows) + "\n"


def render_markdown_failure(reason: str) -> str:
    """The report card of a run that could not grade: why there are no points."""
    return ("## PHYG004: no grade\n\nGrading did not complete, so every task scores 0:\n\n"
            f"{code_block(reason.strip())}\n\nThe log of the grading step above says more.\n")
