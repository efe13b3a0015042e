"""The grader gives a complete, deterministic result whatever the submission does.

Each case writes a toy.py into a fresh submission folder of the toy course and grades it
through the real child-process runner: the misbehaving task scores 0 with a feedback line
that says what happened, and the other task keeps its points.
"""

import dataclasses
import textwrap
from pathlib import Path

import pytest

from autograder.course import load_course
from autograder.grading import grade_week
from autograder.results import classroom_report, gradescope_json, render_table

CORRECT_SCALE = """
def scale(x, k):
    if k <= 0:
        raise ValueError("k must be positive")
    return k * np.asarray(x)
"""


def grade_toy(course, add_body: str, scale_source: str = CORRECT_SCALE, header: str = ""):
    week = course.week(1)
    submission = course.root / "submission"
    (submission / week.folder).mkdir(parents=True, exist_ok=True)
    source = f"import numpy as np\n{header}\n\ndef add(a, b):\n{textwrap.indent(add_body, '    ')}\n{scale_source}"
    (submission / week.folder / "toy.py").write_text(source)
    return grade_week(course, week, submission)


def statuses(result):
    return {task.name: (task.status, task.points) for task in result.tasks}


def test_reference_gets_full_marks_and_stubs_none(toy_course):
    week = toy_course.week(1)
    full = grade_week(toy_course, week, toy_course.root / "solutions")
    stub = grade_week(toy_course, week, toy_course.root / "assignments")
    assert (full.score, full.max_score) == (5, 5)
    assert stub.score == 0
    assert all(task.status == "not implemented" for task in stub.tasks)
    assert stub.tasks[0].summary == "week 1, toy.py: add is not implemented yet"


@pytest.mark.parametrize("body, status, words", [
    ("while True:\n    pass", "timeout", "took longer than 3 s"),
    ("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass",
     "timeout", "took longer than 3 s"),
    ("import os\nos._exit(3)", "crashed", "exit code 3"),
    ("import ctypes\nctypes.string_at(0)", "crashed", "segmentation fault"),
    ("raise SystemExit(1)", "failed", "SystemExit"),
    ("raise KeyboardInterrupt", "failed", "KeyboardInterrupt"),
    ("return np.ones(10**10).sum()", "failed", "MemoryError"),
    ("return a - b", "failed", "expected 5, got -1"),
], ids=["hang", "hang-ignoring-alarm", "os-exit", "segfault", "system-exit",
        "keyboard-interrupt", "memory", "wrong-answer"])
def test_misbehaving_task_scores_zero_and_the_rest_is_graded(permissive_toy, body, status, words):
    result = grade_toy(permissive_toy, body)
    assert statuses(result) == {"add": (status, 0.0), "scale": ("passed", 3.0)}
    assert words in result.tasks[0].feedback


def test_flooding_stdout_still_grades(toy_course):
    body = "for _ in range(5000):\n    print('x' * 1000)\nreturn a + b"
    assert statuses(grade_toy(toy_course, body)) == {"add": ("passed", 2.0), "scale": ("passed", 3.0)}


def test_syntax_error_names_the_line(toy_course):
    result = grade_toy(toy_course, "return (a + b", scale_source="")
    assert result.score == 0
    assert "syntax error at line 5" in result.tasks[0].feedback
    assert result.tasks[1].feedback == result.tasks[0].feedback


def test_import_time_exception_is_reported(toy_course):
    result = grade_toy(toy_course, "return a + b", header="raise RuntimeError('boom')")
    assert result.score == 0
    assert "importing toy.py raised RuntimeError at line 2: boom" in result.tasks[0].feedback


def test_feedback_names_property_counterexample_and_hint(toy_course):
    result = grade_toy(toy_course, "return a + b + (a > b)")
    feedback = result.tasks[0].feedback
    assert feedback.startswith("Addition is commutative.")
    assert "Smallest failing input: test_add_commutes(" in feedback
    assert "a=0," in feedback and "b=1," in feedback
    assert "Hint: re-read the docstring of add." in feedback
    assert "Traceback" not in feedback


def test_the_three_reports_agree(toy_course):
    result = grade_toy(toy_course, "return a - b")
    table = render_table(result, "submission")
    gradescope = gradescope_json(result)
    classroom = classroom_report(result)
    assert table.rstrip().splitlines()[-1].startswith("Points 3/5")
    assert gradescope["score"] == classroom["score"] == result.score == 3
    assert [t["score"] for t in gradescope["tests"]] == [0, 3]
    assert classroom["runners"] == "add,scale"
    assert gradescope["execution_time"] == round(result.seconds, 2) > 0


def test_grading_is_deterministic(toy_course):
    body = "return a + b + (abs(a) > 3)"
    first, second = grade_toy(toy_course, body), grade_toy(toy_course, body)
    assert first.tasks == second.tasks


def test_each_test_gets_a_multiple_of_its_reference_time_within_floor_and_cap(permissive_toy):
    limits = dataclasses.replace(permissive_toy.limits, time_multiple=10.0, time_floor=1.0)
    assert [limits.for_test(s) for s in (None, 0.01, 0.2, 5.0)] == [3.0, 1.0, 2.0, 3.0]
    text = (permissive_toy.root / "course.toml").read_text().replace("time_floor = 3", "time_floor = 1")
    (permissive_toy.root / "course.toml").write_text(text)
    (permissive_toy.root / "tests/week01_toy/reference_times.json").write_text(
        '{"tests/week01_toy/test_toy.py::test_add_worked_example": 0.01}')
    result = grade_toy(load_course(permissive_toy.root), "import time\ntime.sleep(2)\nreturn a + b")
    assert statuses(result)["add"] == ("timeout", 0)
    assert "took longer than 1 s" in result.tasks[0].feedback
