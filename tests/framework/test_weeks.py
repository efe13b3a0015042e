"""Every week of course.toml: the solutions earn full marks, the stubs none, every variant
is judged as it declares, the release leaks nothing and grades like the repository, and
the solution notebook reproduces its physics result.
"""

import shutil
import subprocess
import sys

import pytest

from autograder.course import load_course, read_reference_times
from autograder.grading import grade_week as grade
from autograder.instructor.batch import grade_trusted
from autograder.instructor.check import run_notebook
from autograder.instructor.leaks import find_leaks
from autograder.instructor.release import release_week
from autograder.instructor.variants import grade_variants
from autograder.runner import EventLog
from conftest import REPO

WEEKS = [week.folder for week in load_course(REPO).weeks]


@pytest.fixture(scope="module")
def solution_results(repo_course):
    """One grading of each week's solutions, shared by the tests below."""
    return {}


def solutions_result(repo_course, solution_results, folder):
    if folder not in solution_results:
        week = repo_course.week(folder)
        solution_results[folder] = grade(repo_course, week, repo_course.root / "solutions")
    return solution_results[folder]


@pytest.mark.parametrize("folder", WEEKS)
def test_solutions_earn_full_marks(repo_course, solution_results, folder):
    result = solutions_result(repo_course, solution_results, folder)
    failed = {t.name: t.feedback for t in result.tasks if t.status != "passed"}
    assert not failed, f"the reference fails: {failed}"


@pytest.mark.parametrize("folder", WEEKS)
def test_stubs_earn_nothing_and_say_not_implemented(repo_course, folder):
    result = grade(repo_course, repo_course.week(folder), repo_course.root / "assignments")
    free = {t.name: t.status for t in result.tasks if t.status != "not implemented"}
    assert result.score == 0 and not free, f"stub tasks that are not 'not implemented': {free}"


@pytest.mark.parametrize("folder", WEEKS)
def test_every_test_belongs_to_a_task_and_every_task_has_tests(repo_course, folder, tmp_path):
    week = repo_course.week(folder)
    stream = tmp_path / "events.jsonl"
    subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", f"tests/{folder}",
                    "--autograder-results", str(stream)], cwd=REPO, capture_output=True, check=True)
    log = EventLog()
    for line in stream.read_text().splitlines(keepends=True):
        log.feed(line)
    tasks = {task.name for task in week.tasks}
    untagged = [t.nodeid for t in log.results.values() if t.task not in tasks]
    assert not untagged, f"tests without a task of course.toml: {untagged}"
    assert tasks <= {t.task for t in log.results.values()}, "a task of course.toml has no test"
    measured = read_reference_times(REPO / "tests" / folder)
    assert set(measured) == set(log.results), (
        "reference_times.json is stale: run `python -m autograder.instructor verify --week "
        f"{week.number} --write-times` (missing {sorted(set(log.results) - set(measured))[:3]}, "
        f"extra {sorted(set(measured) - set(log.results))[:3]})")


@pytest.mark.parametrize("folder", WEEKS)
def test_tests_never_import_the_solutions(folder):
    for path in (REPO / "tests" / folder).rglob("*.py"):
        if "variants" in path.parts:
            continue
        text = path.read_text()
        assert "solutions" not in text and "source/" not in text, f"{path} refers to solutions/ or source/"


@pytest.mark.parametrize("folder", WEEKS)
def test_every_buggy_variant_loses_exactly_its_tasks_and_every_correct_one_none(repo_course, folder):
    week = repo_course.week(folder)
    outcomes = grade_variants(repo_course, week)
    for task in week.tasks:
        kinds = [o.variant.kind for o in outcomes if task.name in o.variant.tasks]
        assert kinds.count("buggy") >= 3, f"{task.name}: fewer than 3 buggy variants"
        assert kinds.count("correct") >= 2, f"{task.name}: fewer than 2 correct variants"
    surprises = [f"{o.variant.label}: {o.verdict}" for o in outcomes if not o.ok]
    assert not surprises, "\n".join(surprises)


@pytest.mark.parametrize("folder", WEEKS)
def test_trusted_batch_grades_like_a_fresh_process(repo_course, solution_results, folder):
    """The warm processes that grade variants give the reference the grade grade_week gives it."""
    week = repo_course.week(folder)
    [warm] = grade_trusted(repo_course, week, [repo_course.root / "solutions"], jobs=1)
    assert warm.tasks == solutions_result(repo_course, solution_results, folder).tasks


@pytest.mark.parametrize("folder", WEEKS)
def test_release_leaks_nothing_and_grades_like_the_repository(repo_course, solution_results, folder, tmp_path):
    week = repo_course.week(folder)
    out = release_week(repo_course, week, tmp_path / "release")
    assert find_leaks(repo_course, week, out) == []
    assert not (out / "solutions").exists() and not (out / "tests" / folder / "variants").exists()
    released = load_course(out)
    assert grade(released, released.week(folder), out / "assignments").score == 0
    for module in week.modules:
        shutil.copy2(REPO / "solutions" / folder / module, out / "assignments" / folder / module)
    again = grade(released, released.week(folder), out / "assignments")
    # Same tasks, points and feedback as grading the repository's solutions: deterministic.
    assert again.tasks == solutions_result(repo_course, solution_results, folder).tasks


@pytest.mark.parametrize("folder", WEEKS)
def test_solution_notebook_runs_and_reproduces_the_physics(repo_course, folder):
    week = repo_course.week(folder)
    seconds = run_notebook(REPO / "solutions" / folder / week.notebook)
    print(f"{week.notebook}: {seconds:.1f} s")
