"""Grade a whole class: one submission folder per student -> a CSV gradebook and a figure.

`submissions/` holds one folder per student, each laid out like `assignments/` (it has
`weekNN_slug/`) or like a released repository (it has `assignments/weekNN_slug/`), e.g. as
cloned by GitHub Classroom's assistant.  Writes `gradebook.csv` (one row a student, one
column a task), `results/<student>.json` (Gradescope's schema, the student's feedback), `results/<student>.md`
(the report card a student sees on the Classroom run's summary page) and
`gradebook.png` (the distribution of totals, and the pass rate of each task).
"""

from __future__ import annotations

import csv
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.course import Course, Week
from autograder.grading import grade_week
from autograder.markdown import render_markdown
from autograder.results import WeekResult, gradescope_json


def submission_root(student: Path, week: Week) -> Path | None:
    for candidate in (student, student / "assignments"):
        if (candidate / week.folder).is_dir():
            return candidate
    return None


def grade_class(course: Course, week: Week, submissions: Path, out: Path, jobs: int = 2) -> dict[str, WeekResult | None]:
    students = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))

    def grade(student: Path) -> WeekResult | None:
        root = submission_root(student, week)
        return None if root is None else grade_week(course, week, root)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = dict(zip((s.name for s in students), pool.map(grade, students)))
    out.mkdir(parents=True, exist_ok=True)
    (out / "results").mkdir(exist_ok=True)
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "total", "max", *(task.name for task in week.tasks), "note"])
        for name, result in results.items():
            if result is None:
                writer.writerow([name, 0, week.max_points, *(0 for _ in week.tasks),
                                 f"no {week.folder}/ folder"])
                continue
            review = f"review: breaks a rule ({result.violations[0]})" if result.violations else ""
            writer.writerow([name, result.score, result.max_score, *(task.points for task in result.tasks), review])
            (out / "results" / f"{name}.json").write_text(json.dumps(gradescope_json(result), indent=2) + "\n")
            (out / "results" / f"{name}.md").write_text(render_markdown(result), encoding="utf-8")
    _plot(week, results, out / "gradebook.png")
    return results


def _plot(week: Week, results: dict[str, WeekResult | None], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    graded = [r for r in results.values() if r is not None]
    totals = [r.score if r else 0.0 for r in results.values()]
    pass_rate = [sum(r.tasks[i].points == r.tasks[i].max_points for r in graded) / max(len(graded), 1)
                 for i in range(len(week.tasks))]
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.hist(totals, bins=min(20, int(week.max_points) + 1), range=(0, week.max_points))
    left.set(xlabel="points", ylabel="students", title=f"Week {week.number}: totals (n = {len(totals)})")
    right.barh([t.name for t in week.tasks], pass_rate)
    right.set(xlim=(0, 1), xlabel="fraction of students with full points", title="Tasks")
    right.invert_yaxis()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
