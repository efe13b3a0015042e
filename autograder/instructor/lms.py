"""The week's grades as a file Moodle's gradebook imports ("Import > CSV file").

Moodle, not Canvas: Moodle's CSV import lets the teacher map any column to the user (by
username, email address, ID number or user id) and any other column to a grade item (or a
new one) and to its feedback, at import time.  A Canvas import must already hold Canvas's
own identifiers (the student's Canvas ID or SIS ids, a Section, and the assignment's
Canvas id in the column header "Name (id)"), which nothing here knows.

Columns: `Identifier` (the GitHub Classroom roster's identifier, which is the LMS's when the
roster is linked to it, else the GitHub login), `GitHub username`, the grade item (named
`Week N: title` unless `column` says otherwise) and `Feedback` (points per task, and the
gradebook's note).  On import: map Identifier to the user field it holds, the grade column
to the week's grade item, Feedback to "Feedback for" that item.
"""

from __future__ import annotations

import csv
from pathlib import Path

from autograder.course import Week
from autograder.instructor.gradebook_student import StudentGrade


def default_column(week: Week) -> str:
    return f"Week {week.number}: {week.title}"


def feedback(week: Week, grade: StudentGrade) -> str:
    """'add 2/2, scale 0/3; <note>': what the student sees next to the grade in the LMS."""
    points = ", ".join(f"{task.name} {grade.points(task.name)}/{task.points}" for task in week.tasks)
    return "; ".join(part for part in (points, grade.note) if part)


def write_moodle_csv(week: Week, grades: list[StudentGrade], roster: dict[str, str], path: Path,
                     column: str | None = None) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Identifier", "GitHub username", column or default_column(week), "Feedback"])
        for grade in grades:
            writer.writerow([roster.get(grade.login, grade.login), grade.login, grade.score, feedback(week, grade)])
