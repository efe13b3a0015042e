"""release: a standalone student repository, whose leak check can fail."""

import os
import re
import subprocess
import sys

import pytest

from autograder.course import CourseError, load_course
from autograder.release import find_leaks, release_week


@pytest.fixture
def toy_release(toy_course, tmp_path):
    return release_week(toy_course, toy_course.week(1), tmp_path / "release")


def test_release_holds_stubs_tests_runtime_and_workflow(toy_release):
    files = {str(p.relative_to(toy_release)) for p in toy_release.rglob("*") if p.is_file()}
    assert {"README.md", "pyproject.toml", "course.toml", ".github/workflows/classroom.yml",
            "assignments/week01_toy/toy.py", "tests/week01_toy/test_toy.py", "tests/conftest.py",
            "autograder/runner.py", "autograder/__main__.py"} <= files
    assert not any(name.startswith("autograder/") and name.split("/")[1] in
                   ("generate.py", "markers.py", "release.py", "variants.py") for name in files)
    assert load_course(toy_release).week(1).folder == "week01_toy"


def test_workflow_has_one_step_per_task_with_its_points(toy_release):
    workflow = (toy_release / ".github/workflows/classroom.yml").read_text()
    assert re.findall(r"max-score: (\d+)", workflow) == ["2", "3"]
    assert "runners: add,scale" in workflow
    assert 'SCALE_RESULTS: "${{steps.scale.outputs.result}}"' in workflow
    assert "task-status --week 1 --results results.json scale" in workflow
    assert "cache: pip" in workflow


@pytest.mark.parametrize("leak", [
    "if k <= 0:\n    raise ValueError(\"k must be positive\")\nreturn k * np.asarray(x)\n",  # a region
    "# ### BEGIN SOLUTION\n",               # a marker
])
def test_leak_check_finds_solution_text(toy_course, toy_release, leak):
    assert find_leaks(toy_course, toy_course.week(1), toy_release) == []
    (toy_release / "autograder" / "extra.py").write_text(leak)
    assert find_leaks(toy_course, toy_course.week(1), toy_release)


def test_release_refuses_a_non_empty_folder(toy_course, toy_release):
    with pytest.raises(CourseError, match="is not empty"):
        release_week(toy_course, toy_course.week(1), toy_release)


def test_released_command_line_grades_and_offers_only_student_commands(toy_release):
    """The release's own `python -m autograder`, as a student runs it (no instructor modules)."""
    def run(*args):
        return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=toy_release,
                              capture_output=True, text=True, timeout=120)

    graded = run("grade", "--week", "1", "--json", "results.json")
    assert graded.returncode == 0, graded.stderr
    assert graded.stdout.rstrip().splitlines()[-1].startswith("Points 0/5")
    status = run("task-status", "--week", "1", "add")
    assert status.returncode == 1 and "not implemented yet" in status.stdout
    assert "{grade,task-status}" in run("--help").stdout
