"""Grade a whole class: one submission folder per student -> gradebooks, a report, feedback.

`submissions/` is the folder `gh classroom clone student-repos` makes, or any folder with one
folder per student laid out like a release or like `assignments/` (gradebook_layout).  Each
student is graded by `grade_week` in a fresh guarded child process (students are untrusted),
`jobs` at a time, with a progress line on stderr per finished student; a submission that
cannot be graded becomes that student's note and never stops the batch.  Writes to `out/`:

  gradebook.csv        one row a student: total, one column a task, a note in words (gradebook_student)
  moodle.csv           the same grades as Moodle's gradebook imports them (lms)
  gradebook.db         nbgrader's gradebook database, or the database at `nbgrader_url` (nbgrader_db)
  gradebook.png        the totals' histogram and each task's pass rate (report_html)
  report.html          the figure, pass rates and the class's most frequent first failing properties
  results/<login>.json Gradescope's schema, and results/<login>.md the student's report card
"""

from __future__ import annotations

import csv
import json
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TextIO

from autograder.course import Course, Week
from autograder.grading import grade_week
from autograder.instructor import report_html
from autograder.instructor.gradebook_layout import read_roster, student_folders, submission_root
from autograder.instructor.gradebook_student import StudentGrade, graded, untouched
from autograder.instructor.lms import write_moodle_csv
from autograder.instructor.nbgrader_db import write_nbgrader
from autograder.jax_cache import cache_of_this_run
from autograder.markdown import render_markdown
from autograder.results import gradescope_json
from autograder.runner import GradingError


def grade_student(course: Course, week: Week, login: str, folder: Path | None) -> StudentGrade:
    """One student's grade; a submission that cannot be graded gets a note instead."""
    root = submission_root(folder, week) if folder is not None else None
    if root is None:
        return StudentGrade(login, None, f"not submitted (no {week.folder}/ folder)")
    if untouched(week, course.root / "assignments", root):
        return StudentGrade(login, None, "not submitted (the stubs are untouched)")
    try:
        result = grade_week(course, week, root)
    except (GradingError, OSError) as error:  # OSError: a submission that cannot be copied (a broken link)
        return StudentGrade(login, None, f"not graded: {str(error).strip().splitlines()[0]}")
    return graded(login, week, root, result)


def progress_line(done: int, total: int, week: Week, grade: StudentGrade) -> str:
    """'[12/30] alice 7/10' (and the note, if any)."""
    points = f" {grade.score}/{week.max_points}" if grade.result is not None else ""
    return f"[{done}/{total}] {grade.login}{points}" + (f" {grade.note}" if grade.note else "")


def grade_class(course: Course, week: Week, submissions: Path, out: Path, jobs: int = 2, *,
                roster: Path | None = None, nbgrader_url: str | None = None, lms_column: str | None = None,
                progress: TextIO = sys.stderr) -> list[StudentGrade]:
    """Grade every student of `submissions` (and of `roster`) and write all of `out/`."""
    if jobs < 1:
        raise GradingError(f"--jobs must be at least 1 (it is {jobs})")
    folders: dict[str, Path | None] = dict(student_folders(submissions))
    identifiers = read_roster(roster) if roster else {}
    for login in identifiers:
        folders.setdefault(login, None)
    grades = []
    with cache_of_this_run(), ThreadPoolExecutor(max_workers=jobs) as pool:  # nothing carried to a regrade
        pending = [pool.submit(grade_student, course, week, login, folder) for login, folder in sorted(folders.items())]
        for done, future in enumerate(as_completed(pending), 1):
            grades.append(future.result())
            print(progress_line(done, len(pending), week, grades[-1]), file=progress, flush=True)
    grades.sort(key=lambda grade: grade.login)
    write_outputs(week, grades, out, identifiers, nbgrader_url, lms_column)
    return grades


def write_outputs(week: Week, grades: list[StudentGrade], out: Path, identifiers: dict[str, str],
                  nbgrader_url: str | None, lms_column: str | None) -> None:
    (out / "results").mkdir(parents=True, exist_ok=True)
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "total", "max", *(task.name for task in week.tasks), "note"])
        for grade in grades:
            writer.writerow([grade.login, grade.score, week.max_points,
                             *(grade.points(task.name) for task in week.tasks), grade.note])
    for grade in grades:
        if grade.result is not None:
            (out / "results" / f"{grade.login}.json").write_text(
                json.dumps(gradescope_json(grade.result), indent=2) + "\n", encoding="utf-8")
            (out / "results" / f"{grade.login}.md").write_text(render_markdown(grade.result), encoding="utf-8")
    write_moodle_csv(week, grades, identifiers, out / "moodle.csv", lms_column)
    write_nbgrader(week, grades, nbgrader_url or f"sqlite:///{(out / 'gradebook.db').resolve()}")
    summaries = report_html.summarize(week, grades)
    report_html.plot(week, grades, summaries, out / "gradebook.png")
    (out / "report.html").write_text(report_html.render(week, grades, summaries, out / "gradebook.png"),
                                     encoding="utf-8")
