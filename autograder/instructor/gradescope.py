"""Gradescope's autograder zip for one week, built from the week's release.

The zip holds the release (stubs, graded tests, the runtime package, course.toml with
that week, requirements.lock when the release has one) without its git history and
Classroom workflow, plus at its root what Gradescope's specification asks for:
`setup.sh` (run once when Gradescope builds the image: a Python in the release's range, a
virtual environment, the locked runtime) and `run_autograder` (run for each submission:
gradescope_grade.py finds the student's modules in /autograder/submission, grades them
and writes /autograder/results/results.json).  The folder zipped is leak-checked like a
release.  Entries have fixed dates and modes, so one release gives one zip, byte for byte.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import tomllib
import zipfile
from pathlib import Path

from autograder.course import Course, CourseError, Week
from autograder.instructor.leaks import find_leaks
from autograder.instructor.release import TEMPLATES, release_week

# zip root name -> (template, executable)
ADDED = {"setup.sh": ("gradescope_setup.sh", True),
         "run_autograder": ("gradescope_run_autograder", True),
         "gradescope_grade.py": ("gradescope_grade.py", False)}
NOT_SHIPPED = (".git", ".github")  # the release's history and its Classroom workflow
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _min_python(release: Path) -> str:
    """"3.11" from the release's requires-python ">=3.11,<3.15" (the lock's range)."""
    requires = tomllib.loads((release / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(\d+\.\d+)\s*(,\s*<\s*\d+\.\d+)?", requires.strip())
    if not match:
        raise CourseError(f"requires-python {requires!r}: the Gradescope setup needs a lower bound such as \">=3.11\"")
    return match.group(1)


def _stage(course: Course, week: Week, folder: Path) -> Path:
    """The folder to zip: the release, without what Gradescope does not run, plus the scripts."""
    release = release_week(course, week, folder)
    for name in NOT_SHIPPED:
        shutil.rmtree(release / name, ignore_errors=True)
    for name, (template, executable) in ADDED.items():
        text = (TEMPLATES / template).read_text(encoding="utf-8").replace("@MIN_PYTHON@", _min_python(release))
        (release / name).write_text(text, encoding="utf-8")
        (release / name).chmod(0o755 if executable else 0o644)
    leaks = find_leaks(course, week, release)
    if leaks:
        raise CourseError("solution text would leak into the Gradescope zip:\n" + "\n".join(leaks))
    return release


def _write_zip(folder: Path, out: Path) -> None:
    partial = out.with_name(f".{out.name}.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_DATE)
            entry.create_system = 3  # Unix: unzip restores the modes below
            entry.external_attr = (0o100755 if path.stat().st_mode & 0o100 else 0o100644) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    partial.replace(out)


def build_gradescope_zip(course: Course, week: Week, out: Path) -> Path:
    """Write Gradescope's autograder zip for `week` to `out` (replaced if it exists)."""
    out = out.resolve()
    if out.suffix != ".zip":
        raise CourseError(f"{out}: name the Gradescope autograder file *.zip")
    if not out.parent.is_dir():
        raise CourseError(f"{out.parent} does not exist")
    with tempfile.TemporaryDirectory(prefix=f"gradescope-{week.folder}-") as scratch:
        _write_zip(_stage(course, week, Path(scratch) / "autograder"), out)
    return out
