"""Where each student's work is, in the folder of a class's submissions.

Three layouts are read, one folder per student in each:

- `gh classroom clone student-repos` makes `<assignment slug>-submissions/` holding one clone
  per accepted assignment, named after the student's repository, `<assignment slug>-<login>`
  (the prefix is removed: the student is `<login>`);
- a clone of a released week has `assignments/weekNN_slug/` at its root;
- a folder laid out like `assignments/` has `weekNN_slug/` directly.

A GitHub Classroom roster (`classroom_roster.csv`, downloaded from the classroom's Students
page: columns `identifier`, `github_username`, `github_id`, `name`) adds the students who never
accepted the assignment and gives each login the roster's identifier (the LMS's, when the
roster is linked to one).
"""

from __future__ import annotations

import csv
from pathlib import Path

from autograder.course import Week
from autograder.runner import GradingError

CLONE_SUFFIX = "-submissions"  # gh classroom clone student-repos: <slug>-submissions/<slug>-<login>/


def student_folders(submissions: Path) -> dict[str, Path]:
    """login -> the student's folder, sorted by login."""
    if not submissions.is_dir():
        raise GradingError(f"submissions folder {submissions} does not exist")
    name = submissions.resolve().name
    prefix = name.removesuffix(CLONE_SUFFIX) + "-" if name.endswith(CLONE_SUFFIX) else ""
    found: dict[str, Path] = {}
    for folder in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        login = folder.name.removeprefix(prefix) or folder.name
        if login in found:
            raise GradingError(f"{found[login].name} and {folder.name} are both the work of {login}")
        found[login] = folder
    return dict(sorted(found.items()))


def submission_root(student: Path, week: Week) -> Path | None:
    """The folder laid out like assignments/ that holds the week, or None if there is none."""
    for candidate in (student, student / "assignments"):
        if (candidate / week.folder).is_dir():
            return candidate
    return None


def read_roster(path: Path) -> dict[str, str]:
    """GitHub Classroom's roster: github_username -> identifier (the login if it has none).

    A student who has not linked a GitHub account appears under the roster identifier."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise GradingError(f"cannot read the roster {path}: {error.strerror}") from None
    if rows and not {"identifier", "github_username"} <= set(rows[0]):
        raise GradingError(f"roster {path} has no identifier and github_username columns "
                           "(GitHub Classroom's classroom_roster.csv has both)")
    roster = {}
    for row in rows:
        login, identifier = (row["github_username"] or "").strip(), (row["identifier"] or "").strip()
        if login or identifier:
            roster[login or identifier] = identifier or login
    return roster
