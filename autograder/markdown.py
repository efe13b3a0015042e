"""The week's result as GitHub-flavoured Markdown: the report card on the run's summary page.

A table (task, points, status, the first line of the feedback) and, for each lost task,
its whole feedback (property, evidence, failing input, hint) in a collapsible block.
Feedback quotes what the submission returned or raised, so it is text the student
controls: in the table it is a code span, in a block's summary line HTML-escaped text (no
Markdown is rendered inside HTML), in the block a code fence longer than any run of
backticks inside it.  Nothing a submission prints can become a link, an image, a heading
or HTML.
"""

from __future__ import annotations

import html
import re

from autograder.contract import Outcome
from autograder.results import WeekResult

CELL_CHARS = 120  # the first line of feedback in the table, cut to this
BLOCK_CHARS = 1500  # the feedback of one task in its block, cut to this


def _one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def table_cell(text: str, limit: int = CELL_CHARS) -> str:
    """One line of untrusted text as a code span: no Markdown, HTML or autolink inside it.

    The span's backticks outnumber any run inside; `|` is escaped, as a table cell needs."""
    line = _one_line(text, limit).replace("|", "\\|")
    if not line:
        return ""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", line)), default=0) + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    return f"{ticks}{pad}{line}{pad}{ticks}"


def html_text(text: str, limit: int = CELL_CHARS) -> str:
    """One line of untrusted text inside an HTML element (GitHub renders no Markdown there)."""
    return html.escape(_one_line(text, limit), quote=False)


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
    rows = [f"## PHYG004 week {week.number}: {week.title}", "",
            f"**Points {result.score}/{result.max_score}**", "",
            "| task | points | status | feedback |", "|---|---:|---|---|"]
    for task in result.tasks:
        icon = _ICONS.get(task.status, "❌")
        rows.append(f"| `{task.name}` | {task.points}/{task.max_points} | {icon} {task.status.words} "
                    f"| {table_cell(task.summary)} |")
    lost = [t for t in result.tasks if t.status not in (Outcome.PASSED, Outcome.NOT_IMPLEMENTED)]
    for task in lost:
        rows += ["", "<details>", f"<summary><code>{task.name}</code>: {html_text(task.summary)}</summary>", "",
                 code_block(task.feedback.strip()), "", "</details>"]
    if result.violations:
        rows += ["", "**Rules broken** (the module was not run):", ""]
        rows += [f"- {table_cell(v, BLOCK_CHARS)}" for v in result.violations]
    rows += ["", f"Graded in {result.seconds:.1f} s. The same command on your machine, "
             "`python -m autograder grade`, gives the same points."]
    return "\n".join(rows) + "\n"


def render_markdown_failure(reason: str) -> str:
    """The report card of a run that could not grade: why there are no points."""
    return ("## PHYG004: no grade\n\nGrading did not complete, so every task scores 0:\n\n"
            f"{code_block(reason.strip())}\n\nThe log of the grading step above says more.\n")
