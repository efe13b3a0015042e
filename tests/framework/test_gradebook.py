"""gradebook: a made-up class of 30 toy students graded into every output, read back and checked.

The class is built from the toy course (a two-task week whose grading takes about a second a
student) so that CI stays fast; the same machinery builds a class from week 1's variants in
test_gradebook_week01.py, run by hand.
"""

import csv
import json
import re
import shutil
import subprocess
import sys
import pytest
from _made_up_class import build_class
from conftest import REPO, TOY

from autograder.contract import Outcome
from autograder.course import load_course
from autograder.instructor.generate import write_files
from autograder.instructor.gradebook import grade_class, progress_line
from autograder.instructor.gradebook_layout import read_roster, student_folders
from autograder.instructor.gradebook_student import StudentGrade, graded
from autograder.results import TaskResult, WeekResult
from autograder.runner import GradingError

TOY_VARIANTS = """\
=== buggy add_minus: add
Subtraction for addition.
@@ add
-    return a + b
+    return a - b

=== correct add_sum: add
The built-in sum.
@@ add
-    return a + b
+    return sum([a, b])

=== buggy scale_no_check: scale
Forgets to reject a non-positive factor.
@@ scale
-    if k <= 0:
-        raise ValueError("k must be positive")
-    return k * np.asarray(x)
+    return k * np.asarray(x)

=== buggy scale_plus: scale
Adds the factor instead of multiplying.
@@ scale
-    return k * np.asarray(x)
+    return k + np.asarray(x)

=== buggy scale_hangs: scale
Never returns.
@@ scale
-    return k * np.asarray(x)
+    while True:
+        pass
"""

XSS = "<img src=x onerror=alert(1)>"

PLAN = {
    **{f"ref{i}": ("reference",) for i in range(4)},
    **{f"nocheck{i}": ("variant", "scale_no_check") for i in range(8)},
    **{f"plus{i}": ("variant", "scale_plus") for i in range(3)},
    **{f"minus{i}": ("variant", "add_minus") for i in range(5)},
    "sum0": ("variant", "add_sum"), "sum1": ("variant", "add_sum"),
    XSS: ("edit", "    return a + b\n", "    return a +\n"),        # a syntax error at line 10 of toy.py
    "stub": ("stub",),
    "stubcomment": ("stub-edit", "GIVEN_CONSTANT = 2.0\n", "GIVEN_CONSTANT = 2.0  # TODO\n"),
    "halfway": ("stub-edit", "raise NotImplementedError('week 1, toy.py: add is not implemented yet')",
                "return a + b"),
    "empty": ("empty",),
    "rulebreaker": ("edit", '"""A toy module for the framework\'s tests."""\n', "import os\n"),
    "hangs": ("variant", "scale_hangs"),
}
ROSTER_ONLY = "zed"  # on the roster, never accepted the assignment: 29 repositories + 1 = 30 students


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """The toy course with its variants, generated once for this file."""
    root = tmp_path_factory.mktemp("toy") / "toycourse"
    shutil.copytree(TOY, root)
    (root / "tests" / "week01_toy" / "variants").mkdir()
    (root / "tests" / "week01_toy" / "variants" / "toy.diff").write_text(TOY_VARIANTS)
    course = load_course(root)
    write_files(course)
    return course


@pytest.fixture(scope="module")
def graded_class(toy, tmp_path_factory):
    """The class graded once (26 gradings), shared by the tests of this file."""
    tmp = tmp_path_factory.mktemp("class")
    course, week = toy, toy.week(1)
    submissions = build_class(course, week, "week01-toy", PLAN, tmp)
    roster = tmp / "classroom_roster.csv"
    roster.write_text('"identifier","github_username","github_id","name"\n'
                      + "".join(f'"{login}@uni.example","{login}","{n}",""\n' for n, login in enumerate(PLAN))
                      + f'"{ROSTER_ONLY}@uni.example","{ROSTER_ONLY}","99",""\n')
    progress = tmp / "progress.txt"
    with open(progress, "w") as stream:
        grades = grade_class(course, week, submissions, tmp / "out", jobs=2, roster=roster, progress=stream)
    return week, grades, tmp / "out", progress.read_text()


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return {row[next(iter(row))]: row for row in csv.DictReader(handle)}


def test_gradebook_csv_has_a_column_per_task_and_a_note_in_words(graded_class):
    week, grades, out, _ = graded_class
    book = rows(out / "gradebook.csv")
    assert len(book) == 30 and list(next(iter(book.values()))) == ["student", "total", "max", "add", "scale", "note"]
    expected = {  # student: (total, add, scale, note)
        "ref0": ("5", "2", "3", ""), "sum1": ("5", "2", "3", ""), "nocheck3": ("2", "2", "0", ""),
        "plus0": ("2", "2", "0", ""), "minus2": ("3", "0", "3", ""), "halfway": ("2", "2", "0", ""),
        XSS: ("0", "0", "0", "syntax error at line 10 (toy.py)"),
        "stub": ("0", "0", "0", "not submitted (the stubs are untouched)"),
        "stubcomment": ("0", "0", "0", "not submitted (the stubs are untouched)"),
        "empty": ("0", "0", "0", "not submitted (no week01_toy/ folder)"),
        ROSTER_ONLY: ("0", "0", "0", "not submitted (no week01_toy/ folder)"),
        "hangs": ("2", "2", "0", "timed out (scale)"),
    }
    for student, want in expected.items():
        row = book[student]
        assert (row["total"], row["add"], row["scale"], row["note"]) == want, student
    assert book["rulebreaker"]["note"].startswith("breaks a rule (review): toy.py line 1: imports os")
    assert book["rulebreaker"]["total"] == "0"
    assert all(row["max"] == "5" for row in book.values())


def test_progress_is_one_line_per_finished_student(graded_class):
    _, _, _, progress = graded_class
    lines = progress.splitlines()
    assert [int(re.match(r"\[(\d+)/30\] ", line).group(1)) for line in lines] == list(range(1, 31))
    assert "] ref0 5/5" in progress and "] stub not submitted (the stubs are untouched)" in progress


def test_results_json_holds_the_real_grading_time(graded_class):
    _, grades, out, _ = graded_class
    times = {g.login: json.loads((out / "results" / f"{g.login}.json").read_text())["execution_time"]
             for g in grades if g.result is not None}
    assert len(times) == 26  # 30 minus two untouched stubs, an empty repository and a roster-only student
    assert min(times.values()) >= 0.2  # a pytest run in a child process, never 0
    assert times["hangs"] > 3  # the hanging test ran to its 3 s limit
    assert not (out / "results" / "stub.json").exists()


def test_moodle_csv_uses_the_roster_identifiers(graded_class):
    week, _, out, _ = graded_class
    moodle = rows(out / "moodle.csv")
    assert list(moodle["ref0@uni.example"]) == ["Identifier", "GitHub username", "Week 1: Toy week", "Feedback"]
    assert moodle["minus1@uni.example"]["Week 1: Toy week"] == "3"
    assert moodle["minus1@uni.example"]["Feedback"] == "add 0/2, scale 3/3"
    assert moodle[f"{XSS}@uni.example"]["Feedback"] == "add 0/2, scale 0/3; syntax error at line 10 (toy.py)"
    assert moodle[f"{ROSTER_ONLY}@uni.example"]["Week 1: Toy week"] == "0"
    assert len(moodle) == 30


def test_nbgrader_database_holds_the_same_points(graded_class):
    from nbgrader.api import Gradebook, MissingEntry

    week, grades, out, _ = graded_class
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gradebook:
        assignment = gradebook.find_assignment("week01_toy")
        assert [(c.name, c.max_score) for c in assignment.notebooks[0].grade_cells] == [("add", 2), ("scale", 3)]
        assert len(gradebook.students) == 30
        for grade in grades:
            if grade.result is None:
                with pytest.raises(MissingEntry):
                    gradebook.find_submission("week01_toy", grade.login)
                continue
            assert gradebook.find_submission("week01_toy", grade.login).score == grade.score, grade.login
            for task in week.tasks:
                cell = gradebook.find_grade(task.name, "week01_toy", "week01_toy", grade.login)
                assert (cell.score, cell.max_score) == (grade.points(task.name), task.points)
                assert cell.needs_manual_grade == (grade.login == "rulebreaker")


def test_report_names_the_misconception_the_class_shares(graded_class):
    _, _, out, _ = graded_class
    report = (out / "report.html").read_text()
    cells = re.findall(r"<tr><td>(\w+)</td><td>\d+</td><td>([^<]*)</td><td>(\d+)</td><td>([^<]*)</td>", report)
    # add: lost by 5 subtractions and, not counted, a syntax error and a rule breaker;
    # scale: 8 without the check, 3 adding, 1 hanging; halfway's stub is "not implemented"
    assert cells == [("add", "19/26 (73 %)", "0", "Two plus three is five. (5)"),
                     ("scale", "11/26 (42 %)", "1", "A non-positive factor is rejected. (8)")]
    assert "Scaling multiplies every entry by k. (4)" in report
    assert XSS not in report and "&lt;img src=x onerror=alert(1)&gt;" in report
    assert 'src="data:image/png;base64,' in report
    assert (out / "gradebook.png").stat().st_size > 10000


def test_a_grading_error_becomes_the_students_note(toy, tmp_path, monkeypatch):
    import autograder.instructor.gradebook as gradebook

    def broken(course, week, root):
        raise GradingError("the tests of week 1 could not be collected:\nsome tail")

    for name in ("ada", "bob"):
        (tmp_path / "class" / name).mkdir(parents=True)
        (tmp_path / "class" / name / "week01_toy").symlink_to(toy.root / "solutions" / "week01_toy")
    monkeypatch.setattr(gradebook, "grade_week", broken)
    grades = grade_class(toy, toy.week(1), tmp_path / "class", tmp_path / "out", progress=sys.stdout)
    assert [g.note for g in grades] == ["not graded: the tests of week 1 could not be collected:"] * 2


def _result(week, *statuses):
    tasks = tuple(TaskResult(t.name, t.points, s, "", 0, 1) for t, s in zip(week.tasks, statuses))
    return WeekResult(week, tasks, 1.0)


def test_crashed_and_timed_out_tasks_are_named(toy):
    week = toy.week(1)
    root = toy.root / "solutions"
    assert graded("a", week, root, _result(week, Outcome.CRASHED, Outcome.TIMEOUT)).note == \
        "crashed (add); timed out (scale)"
    assert graded("a", week, root, _result(week, Outcome.FAILED, Outcome.NOT_IMPLEMENTED)).note == ""
    assert progress_line(3, 30, week, StudentGrade("amy", _result(week, Outcome.PASSED, Outcome.FAILED))) == \
        "[3/30] amy 2/5"


def test_classroom_clone_prefix_is_removed_and_other_folders_kept(tmp_path):
    clone = tmp_path / "week-1-descent-submissions"
    for name in ("week-1-descent-alice", "week-1-descent-bob-smith", "carol", ".git"):
        (clone / name).mkdir(parents=True)
    assert list(student_folders(clone)) == ["alice", "bob-smith", "carol"]
    (clone / "alice").mkdir()
    with pytest.raises(GradingError, match="alice and week-1-descent-alice are both the work of alice"):
        student_folders(clone)
    plain = tmp_path / "class"
    (plain / "week-1-descent-dan").mkdir(parents=True)
    assert list(student_folders(plain)) == ["week-1-descent-dan"]  # not a clone folder: names kept


def test_roster_without_its_columns_is_one_line(tmp_path):
    (tmp_path / "r.csv").write_text("name,email\nAda,ada@x\n")
    with pytest.raises(GradingError, match="has no identifier and github_username columns"):
        read_roster(tmp_path / "r.csv")
    (tmp_path / "ok.csv").write_text('"identifier","github_username","github_id","name"\n"id1","ada","1","A"\n'
                                     '"","bob","2",""\n"id3","","",""\n')
    assert read_roster(tmp_path / "ok.csv") == {"ada": "id1", "bob": "bob", "id3": "id3"}


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_below_one_is_a_one_line_error(tmp_path, jobs):
    (tmp_path / "class").mkdir()
    result = subprocess.run([sys.executable, "-m", "autograder.instructor", "gradebook", "--week", "1",
                             "--submissions", str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--jobs", jobs],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (2, f"error: --jobs must be at least 1 (it is {jobs})\n")


def test_missing_submissions_folder_is_a_one_line_error(toy, tmp_path):
    with pytest.raises(GradingError, match=f"submissions folder {tmp_path / 'nope'} does not exist"):
        grade_class(toy, toy.week(1), tmp_path / "nope", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_nbgrader_database_that_cannot_be_opened_is_one_line(toy, tmp_path):
    from autograder.course import CourseError
    from autograder.instructor.nbgrader_db import write_nbgrader

    with pytest.raises(CourseError, match=r"^cannot open the nbgrader database sqlite:///.*/nope/g.db: "):
        write_nbgrader(toy.week(1), [], f"sqlite:///{tmp_path / 'nope' / 'g.db'}")
    with pytest.raises(CourseError, match="^cannot open the nbgrader database nonsense: "):
        write_nbgrader(toy.week(1), [], "nonsense")
