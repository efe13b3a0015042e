"""The same grade on each supported Python: every week's reference and one buggy variant per
task graded under this interpreter (CI's, the oldest supported) and under the newest supported
one on the machine, compared task by task (autograder.instructor.crossversion).

With no second supported interpreter on the machine the comparison cannot run: a failure
that says so in CI (CI=true), a skip elsewhere.
"""

import json
import os
import platform
import shutil
import sys
from pathlib import Path

import pytest

from autograder.course import CourseError, load_course
from autograder.instructor import crossversion
from conftest import REPO

WEEKS = [week.folder for week in load_course(REPO).weeks]


def no_comparison(reason: str):
    """Fail in CI, where the comparison is the promise, and skip on a machine with one Python."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"the Python versions comparison cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def newest(tmp_path_factory):
    """The newest supported interpreter, and the python of a fresh venv of it with this checkout."""
    try:
        interpreter = crossversion.newest_other(REPO, crossversion.Version(platform.python_version()))
    except CourseError as error:
        interpreter, reason = None, str(error)
    if interpreter is None:
        no_comparison(reason)  # outside the except: the report is the one line, not a chain
    return interpreter, crossversion.install(interpreter, REPO, tmp_path_factory.mktemp("newest") / "venv")


@pytest.fixture(scope="module")
def comparison(repo_course, newest, tmp_path_factory):
    """The gradings of every week's sample under this interpreter and under the newest one."""
    return crossversion.grade_both(repo_course, (Path(sys.executable), newest[1]),
                                   tmp_path_factory.mktemp("crossversion"))


@pytest.mark.parametrize("folder", WEEKS)
def test_the_newest_python_grades_the_week_like_the_oldest(repo_course, newest, comparison, folder):
    old, new = comparison
    # Two interpreters really graded: a comparison of one with itself finds nothing.
    assert (old["python"], new["python"]) == (platform.python_version(), str(newest[0].version))
    week = repo_course.week(folder)
    variants = crossversion.sample(repo_course, week)
    labels = {crossversion.REFERENCE, *(variant.label for variant in variants)}
    assert set(old["weeks"][folder]) == set(new["weeks"][folder]) == labels
    tasks = {task.name for task in week.tasks}
    assert set(old["weeks"][folder][crossversion.REFERENCE]) == tasks
    assert tasks == {task for variant in variants for task in variant.tasks}, "a task without a buggy variant"
    found = crossversion.differences(old, new, folder)
    assert not found, f"packages {old['packages']} / {new['packages']}:\n" + "\n".join(found)


def test_the_comparison_sees_a_test_that_depends_on_the_interpreter(toy_course, newest, tmp_path):
    """The toy course with a planted test that passes only under this Python's version."""
    tests = toy_course.root / "tests" / "week01_toy"
    (tests / "variants").mkdir()
    (tests / "variants" / "toy.diff").write_text(
        "=== buggy add_subtracts: add\nSubtraction.\n@@ add\n-    return a + b\n+    return a - b\n")
    with (tests / "test_toy.py").open("a") as file:
        file.write(f'\n\n@pytest.mark.task("scale")\ndef test_planted():\n'
                   f'    """Only under one Python."""\n    import sys\n'
                   f'    assert sys.version_info[:2] == {sys.version_info[:2]!r}\n')
    old, new = crossversion.grade_both(toy_course, (Path(sys.executable), newest[1]), tmp_path)
    [line] = crossversion.differences(old, new, "week01_toy")
    assert line.startswith("reference scale: status 'passed' -> 'failed', points 3 -> 0, first_failed None -> "
                           "'tests/week01_toy/test_toy.py::test_planted'"), line
    assert f"Python {platform.python_version()} -> {newest[0].version}" in line
    assert new["weeks"]["week01_toy"]["toy/buggy_add_subtracts"]["add"]["status"] == "failed"


def outcome(status="failed", points=0, first_failed="t.py::test_a", feedback="why"):
    return {"status": status, "points": points, "first_failed": first_failed, "feedback": feedback}


def grading(python, **tasks):
    return {"python": python, "packages": {}, "weeks": {"week01": {"reference": tasks}}}


@pytest.mark.parametrize("changed", [{"status": "timeout"}, {"points": 2}, {"first_failed": "t.py::test_b"}])
def test_differences_name_status_points_and_the_first_failed_test(changed):
    old = grading("3.11.7", a=outcome(), b=outcome("passed", 2, None, "all 3 checks passed"))
    new = grading("3.13.0", a=outcome(**changed), b=outcome("passed", 2, None, "all 3 checks passed"))
    [line] = crossversion.differences(old, new, "week01")
    [(key, value)] = changed.items()
    assert line == (f"reference a: {key} {outcome()[key]!r} -> {value!r} (Python 3.11.7 -> 3.13.0); "
                    "feedback 'why' -> 'why'")


def test_feedback_alone_is_no_difference_but_missing_tasks_are():
    old = grading("3.11.7", a=outcome(feedback="found 1.0000000000000002"))
    assert crossversion.differences(old, grading("3.13.0", a=outcome(feedback="found 1.0")), "week01") == []
    assert crossversion.differences(old, grading("3.13.0"), "week01") == [
        "reference: graded on different tasks (Python 3.11.7 -> 3.13.0)"]


def fake_python(folder: Path, version: str, status: int = 0) -> Path:
    """An executable that answers the interpreter probe as a Python `version` would."""
    folder.mkdir(parents=True)
    path = folder / "python3"
    path.write_text(f"#!/bin/sh\necho '{json.dumps([version, str(folder / version)])}'\nexit {status}\n")
    path.chmod(0o755)
    return path


def test_discovery_keeps_distinct_supported_interpreters_only(tmp_path):
    pyenv = tmp_path / "pyenv"
    fake_python(pyenv / "versions" / "old" / "bin", "3.10.13")  # below requires-python
    fake_python(pyenv / "versions" / "pre" / "bin", "3.99.0a1")  # a pre-release
    fake_python(pyenv / "versions" / "broken" / "bin", "3.98.0", status=1)  # does not run
    newer = fake_python(pyenv / "versions" / "new" / "bin", "3.97.1")
    here = tmp_path / "bin"
    here.mkdir()
    (here / "python3").symlink_to(sys.executable)
    (here / "python3.x").symlink_to(sys.executable)  # not a python3.N name
    env = {"PYENV_ROOT": str(pyenv), "PATH": os.pathsep.join([str(here), str(here)])}
    found = crossversion.supported_interpreters(REPO, env)
    assert [str(i.version) for i in found] == [platform.python_version(), "3.97.1"]
    assert crossversion.newest_other(REPO, found[0].version, env).path == newer.parent / "3.97.1"
    shutil.rmtree(pyenv / "versions" / "new")
    with pytest.raises(CourseError, match=r"^no supported Python \(>=3.11\) newer than .* \(found: 3\.1[1-9]"):
        crossversion.newest_other(REPO, found[0].version, env)


@pytest.mark.parametrize("ci, outcome_type", [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_one_python_fails_in_ci_and_skips_elsewhere(monkeypatch, ci, outcome_type):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome_type, match="no supported Python"):
        no_comparison("no supported Python (>=3.11) newer than 3.11.7 on this machine")
