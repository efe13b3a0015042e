"""The week's grades in nbgrader's gradebook database, written through nbgrader's own API.

An nbgrader course (its formgrader, `nbgrader export`, its LMS exports) then sees the same
points: the assignment is the week's folder (`week01_gradient_descent`), with one notebook
of that name holding one autograded grade cell per task (its max_score the task's points);
each student who handed something in has a submission whose grade cells carry the task's
points as their auto_score.  A submission that breaks a rule is flagged "needs manual grade",
which the formgrader lists for review.  Running again updates the same rows (a score an
instructor entered by hand, `manual_score`, is kept and still takes precedence).
Students with nothing handed in are added without a submission, which nbgrader shows as
missing (0 points).
"""

from __future__ import annotations

import contextlib
import warnings

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import ArgumentError, OperationalError, SAWarning

from autograder.course import CourseError, Week
from autograder.instructor.gradebook_student import StudentGrade


@contextlib.contextmanager
def _open(db_url: str):
    """nbgrader's Gradebook at `db_url`; a URL it cannot open is a one-line CourseError."""
    with warnings.catch_warnings():
        # nbgrader 0.9's add_submission builds its rows before adding them to the session, which
        # SQLAlchemy 2 warns about (the rows are added with the submission all the same)
        warnings.filterwarnings("ignore", "Object of type .* not in session", SAWarning)
        try:
            gradebook = Gradebook(db_url)
        except (ArgumentError, OperationalError, ImportError) as error:  # ImportError: no driver for the URL
            raise CourseError(f"cannot open the nbgrader database {db_url}: {str(error).splitlines()[0]}") from None
        with gradebook:
            yield gradebook


def write_nbgrader(week: Week, grades: list[StudentGrade], db_url: str) -> None:
    """Fill the nbgrader database at `db_url` (any SQLAlchemy URL; sqlite:///path by default)."""
    notebook = week.folder
    with _open(db_url) as gradebook:
        gradebook.update_or_create_assignment(week.folder, duedate=f"{week.due.isoformat()} 23:59:59")
        gradebook.update_or_create_notebook(notebook, week.folder)
        for task in week.tasks:
            gradebook.update_or_create_grade_cell(task.name, notebook, week.folder,
                                                  max_score=task.points, cell_type="code")
        for grade in grades:
            gradebook.update_or_create_student(grade.login)
            if grade.result is None:
                continue
            gradebook.update_or_create_submission(week.folder, grade.login)
            for task in week.tasks:
                try:
                    cell = gradebook.find_grade(task.name, notebook, week.folder, grade.login)
                except MissingEntry:
                    raise CourseError(f"the nbgrader database {db_url} holds an older {week.folder} without "
                                      f"task {task.name}: write to a new database") from None
                cell.auto_score = grade.points(task.name)
                cell.needs_manual_grade = bool(grade.result.violations)
        gradebook.db.commit()
