"""What the class got right and wrong: gradebook.png and report.html (one self-contained file).

The figure (matplotlib): the distribution of totals (whole students on the count axis) and
each task's pass rate.  The report embeds it and adds, per task, the most frequent *first
failing property* among the students who lost the task with a wrong answer: the title of
the first test of that task that failed (the simplest broken property, since tests run
simplest first and stop at the first failure), which is the misconception the class shares.
Stubs left unimplemented are counted apart, and code that could not run (a syntax error, a
broken rule) is left out.  Every text that comes from a submission or a
login is escaped.
"""

from __future__ import annotations

import base64
import dataclasses
import html
from collections import Counter
from pathlib import Path

from autograder.contract import Outcome
from autograder.course import Week
from autograder.instructor.gradebook_student import StudentGrade


@dataclasses.dataclass(frozen=True)
class TaskSummary:
    """How the graded submissions did on one task."""

    name: str
    points: int
    passed: int
    graded: int
    not_implemented: int
    misconceptions: list[tuple[str, int]]  # first failing property -> students, most frequent first

    @property
    def pass_rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


def first_failing_property(grade: StudentGrade, task: str) -> str | None:
    """The title of the task's first lost test, if code that ran lost it (not a stub, nor a
    module that could not run: a syntax error or a broken rule fails every test alike)."""
    for test in grade.result.tests if grade.result and grade.runnable else ():
        if test.task == task and test.outcome.lost:
            return None if test.outcome is Outcome.NOT_IMPLEMENTED else test.title
    return None


def summarize(week: Week, grades: list[StudentGrade]) -> list[TaskSummary]:
    graded = [g for g in grades if g.result is not None]
    summaries = []
    for task in week.tasks:
        statuses = [next(t.status for t in g.result.tasks if t.name == task.name) for g in graded]
        titles = Counter(title for g in graded if (title := first_failing_property(g, task.name)))
        summaries.append(TaskSummary(task.name, task.points, statuses.count(Outcome.PASSED), len(graded),
                                     statuses.count(Outcome.NOT_IMPLEMENTED), titles.most_common()))
    return summaries


def plot(week: Week, grades: list[StudentGrade], summaries: list[TaskSummary], path: Path) -> None:
    """gradebook.png: the totals' histogram (one bar per possible total) and the pass rates."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    edges = [x - 0.5 for x in range(week.max_points + 2)]
    left.hist([[g.score for g in grades if g.result is not None], [g.score for g in grades if g.result is None]],
              bins=edges, stacked=True, color=["tab:blue", "tab:gray"], edgecolor="white",
              label=["graded", "nothing to grade"])
    left.set(xlabel="points", ylabel="students", xlim=(-0.5, week.max_points + 0.5),
             title=f"Week {week.number}: totals (n = {len(grades)})")
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_ylim(top=left.get_ylim()[1] * 1.3)  # room for the legend above the bars
    left.legend(loc="upper center", ncols=2)
    graded = summaries[0].graded if summaries else 0
    bars = right.barh([s.name for s in summaries], [s.pass_rate for s in summaries], color="tab:green")
    right.bar_label(bars, labels=[f"{s.passed}/{s.graded}" for s in summaries], padding=3)
    right.set(xlim=(0, 1.15), xticks=[0, 0.25, 0.5, 0.75, 1], title="Tasks",
              xlabel=f"fraction of the {graded} graded submissions with full points")
    right.invert_yaxis()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _row(cells: list[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def render(week: Week, grades: list[StudentGrade], summaries: list[TaskSummary], figure: Path) -> str:
    """The report as one HTML page (the figure inlined as a data URI)."""
    e = html.escape
    image = base64.b64encode(figure.read_bytes()).decode()
    graded = [g for g in grades if g.result is not None]
    mean = sum(g.score for g in grades) / len(grades) if grades else 0.0
    tasks = [_row(["task", "points", "pass rate", "not implemented",
                   "most frequent first failing property (students)", "other failing properties"], "th")]
    for s in summaries:
        top = f"{e(s.misconceptions[0][0])} ({s.misconceptions[0][1]})" if s.misconceptions else "&ndash;"
        others = "<br>".join(f"{e(title)} ({n})" for title, n in s.misconceptions[1:]) or "&ndash;"
        tasks.append(_row([e(s.name), str(s.points), f"{s.passed}/{s.graded} ({100 * s.pass_rate:.0f} %)",
                           str(s.not_implemented), top, others]))
    notes = [_row(["student", "points", "note"], "th")] + [
        _row([e(g.login), f"{g.score}/{week.max_points}", e(g.note)]) for g in grades if g.note]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Week {week.number}: {e(week.title)}: class report</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 70em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }}
th {{ background: #eee; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>Week {week.number}: {e(week.title)}</h1>
<p>{len(grades)} students, {len(graded)} graded submissions, mean {mean:.1f}/{week.max_points} points.</p>
<img alt="histogram of the totals and the pass rate of each task" src="data:image/png;base64,{image}">
<h2>Tasks</h2>
<p>The first failing property is the first test of the task that a student's code failed
(the simplest broken property); students whose task was not implemented are counted apart.</p>
<table>{"".join(tasks)}</table>
<h2>Students with a note</h2>
<table>{"".join(notes)}</table>
</body></html>
"""
