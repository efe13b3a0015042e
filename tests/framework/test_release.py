"""release: a standalone student repository, whose leak check can fail."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from autograder.course import CourseError, load_course
from autograder.instructor.leaks import find_leaks
from autograder.instructor.lock import LOCK, NEWEST_PYTHON, read_header
from autograder.instructor.release import release_week


@pytest.fixture
def toy_release(toy_course, tmp_path):
    return release_week(toy_course, toy_course.week(1), tmp_path / "release")


def test_release_holds_stubs_tests_runtime_and_workflow(toy_release):
    files = {str(p.relative_to(toy_release)) for p in toy_release.rglob("*") if p.is_file()}
    assert {"README.md", "pyproject.toml", "course.toml", ".github/workflows/classroom.yml", ".gitignore",
            "assignments/week01_toy/toy.py", "tests/week01_toy/test_toy.py", "tests/conftest.py",
            "autograder/runner.py", "autograder/__main__.py"} <= files
    assert not any(name.startswith("autograder/instructor") for name in files)
    assert load_course(toy_release).week(1).folder == "week01_toy"


def test_workflow_has_one_step_per_task_with_its_points(toy_release):
    workflow = (toy_release / ".github/workflows/classroom.yml").read_text()
    assert re.findall(r"max-score: (\d+)", workflow) == ["2", "3"]
    assert "runners: add,scale" in workflow
    assert 'SCALE_RESULTS: "${{steps.scale.outputs.result}}"' in workflow
    assert "task-status --results results.json scale" in workflow


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

    graded = run("grade", "--json", "results.json")  # one week: --week may be left out
    assert graded.returncode == 0, graded.stderr
    assert graded.stdout.rstrip().splitlines()[-1].startswith("Points 0/5")
    status = run("task-status", "add")
    assert status.returncode == 1 and "not implemented yet" in status.stdout
    help_text = run("--help").stdout
    assert "{grade,task-status}" in help_text and "generate" not in help_text and "instructor" not in help_text


def test_release_works_from_an_installed_wheel(toy_course, tmp_path):
    """Build the wheel, install it without the checkout, and release the toy week from it."""
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(root)], check=True, capture_output=True, timeout=300)
    [wheel] = (tmp_path / "dist").glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", site, str(wheel)],
                   check=True, capture_output=True, timeout=300)
    released = subprocess.run([str(venv / "bin" / "python"), "-m", "autograder.instructor", "release",
                               "--week", "1", "--out", str(tmp_path / "release")],
                              cwd=toy_course.root, capture_output=True, text=True, timeout=120)
    assert released.returncode == 0, released.stderr
    workflow = (tmp_path / "release" / ".github/workflows/classroom.yml").read_text()
    assert "max-score: 3" in workflow and not (tmp_path / "release" / "autograder" / "instructor").exists()


def test_release_is_a_git_repository_with_one_clean_commit(toy_course, toy_release):
    def git(*args):
        return subprocess.run(["git", *args], cwd=toy_release, capture_output=True, text=True, check=True).stdout

    assert git("log", "--format=%an <%ae>|%s").splitlines() == [f"{toy_course.release_author}|TOY001 week 1: Toy week"]
    assert git("status", "--porcelain") == ""
    assert git("rev-parse", "--abbrev-ref", "HEAD").strip() == "main"


def test_student_readme_names_the_python_range_and_a_virtual_environment(toy_release):
    readme = (toy_release / "README.md").read_text()
    assert f"Python 3.11 to {NEWEST_PYTHON}" in readme
    newest_minor = int(NEWEST_PYTHON.split(".")[1])
    assert f'requires-python = ">=3.11,<3.{newest_minor + 1}"' in (toy_release / "pyproject.toml").read_text()
    assert ("python3 -m venv .venv\n. .venv/bin/activate\npython -m pip install --require-hashes -r requirements.lock\n"
            "python -m pip install --no-deps -e .\n") in readme
    assert ".venv\\Scripts\\Activate.ps1" in readme
    assert ".venv/" in (toy_release / ".gitignore").read_text()


def test_release_ships_the_lock_and_its_workflow_installs_it_with_the_locks_python(toy_release):
    """The workflow's Python is the one the lock was made for, read from each file."""
    lock = (toy_release / "requirements.lock").read_text()
    assert lock == LOCK.read_text()
    steps = yaml.safe_load((toy_release / ".github/workflows/classroom.yml").read_text())["jobs"]["autograding"]["steps"]
    [setup] = [step for step in steps if "actions/setup-python" in step.get("uses", "")]
    assert setup["with"]["python-version"] == read_header(lock).python == "3.11"
    [uv] = [step for step in steps if "astral-sh/setup-uv" in step.get("uses", "")]
    instructor = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["instructor"]
    assert f"uv=={uv['with']['version']}" in instructor, "the workflow's uv is not the one that made the lock"
    assert uv["with"]["cache-dependency-glob"] == "requirements.lock"
    install = "\n".join(step.get("run", "") for step in steps)
    assert "install --system --require-hashes -r requirements.lock" in install
    assert "install --system --no-deps -e ." in install
