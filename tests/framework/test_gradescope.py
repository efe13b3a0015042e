"""Gradescope's autograder zip (`release --week W --gradescope OUT.zip`), run as Gradescope runs it.

The zip is unpacked into a temporary root laid out like Gradescope's /autograder (source/,
submission/, results/, run_autograder copied to the root) and run_autograder runs there
(AUTOGRADER_ROOT points at it) with this virtual environment's Python in place of the one
setup.sh installs; results.json is checked against Gradescope's documented format.
setup.sh runs against stand-ins for Python and apt-get that record what they are asked.
"""

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.course import CourseError
from autograder.instructor.gradescope import build_gradescope_zip
from autograder.instructor.leaks import find_leaks

# Gradescope's results.json (gradescope-autograders.readthedocs.io, "Autograder Specifications")
TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
            "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
             "tags", "visibility", "extra_data"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
# What this course always writes: every test named, scored, with its status, feedback and visibility.
REQUIRED_TEST_KEYS = {"name", "score", "max_score", "status", "output", "visibility"}


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def gradescope_problems(data) -> list[str]:
    """Where `data` breaks Gradescope's results.json format (or this course's use of it)."""
    if not isinstance(data, dict):
        return ["results.json must be an object"]
    problems = [f"unknown key {key!r}" for key in sorted(set(data) - TOP_KEYS)]
    if not _number(data.get("score")):
        problems.append("score must be a number")
    if "execution_time" in data and not (_number(data["execution_time"]) and data["execution_time"] >= 0):
        problems.append("execution_time must be a number of seconds")
    for key in ("visibility", "stdout_visibility"):
        if key in data and data[key] not in VISIBILITY:
            problems.append(f"{key} must be one of {sorted(VISIBILITY)}")
    if not isinstance(data.get("output", ""), str):
        problems.append("output must be a string")
    tests = data.get("tests")
    if not isinstance(tests, list) or not all(isinstance(test, dict) for test in tests):
        return problems + ["tests must be a list of objects"]
    for i, test in enumerate(tests):
        problems += [f"tests[{i}]: unknown key {key!r}" for key in sorted(set(test) - TEST_KEYS)]
        problems += [f"tests[{i}]: {key} missing" for key in sorted(REQUIRED_TEST_KEYS - set(test))]
        if not (_number(test.get("score")) and _number(test.get("max_score")) and 0 <= test["score"] <= test["max_score"]):
            problems.append(f"tests[{i}]: score must be a number within [0, max_score]")
        elif test.get("status") != ("passed" if test["score"] == test["max_score"] else "failed"):
            problems.append(f"tests[{i}]: status must be passed (full score) or failed")
        if not all(isinstance(test.get(key, ""), str) for key in ("name", "output")):
            problems.append(f"tests[{i}]: name and output must be strings")
        if test.get("visibility", "visible") not in VISIBILITY:
            problems.append(f"tests[{i}]: visibility must be one of {sorted(VISIBILITY)}")
    if not problems and data["score"] != sum(test["score"] for test in tests):
        problems.append("score must be the sum of the tests' scores")
    return problems


GOOD = {"score": 2, "execution_time": 1.5, "output": "week 1",
        "tests": [{"name": "add", "score": 2, "max_score": 2, "status": "passed", "output": "ok", "visibility": "visible"},
                  {"name": "scale", "score": 0, "max_score": 3, "status": "failed", "output": "no", "visibility": "visible"}]}


@pytest.mark.parametrize("change, problem", [
    (lambda d: d.pop("score"), "score must be a number"),
    (lambda d: d.update(score="2"), "score must be a number"),
    (lambda d: d.update(score=5), "sum of the tests"),
    (lambda d: d.update(stdout_visibility="students"), "stdout_visibility must be"),
    (lambda d: d.update(grade=2), "unknown key 'grade'"),
    (lambda d: d["tests"][1].update(status="error"), "status must be passed"),
    (lambda d: d["tests"][0].update(status="failed"), "status must be passed"),
    (lambda d: d["tests"][0].update(score=3), "within [0, max_score]"),
    (lambda d: d["tests"][0].pop("visibility"), "visibility missing"),
    (lambda d: d["tests"][0].update(visibility="public"), "visibility must be"),
    (lambda d: d["tests"][1].pop("output"), "output missing"),
    (lambda d: d.update(tests={"add": 2}), "tests must be a list"),
])
def test_the_format_check_can_fail(change, problem):
    assert gradescope_problems(GOOD) == []
    broken = json.loads(json.dumps(GOOD))
    change(broken)
    assert any(problem in line for line in gradescope_problems(broken)), gradescope_problems(broken)


@pytest.fixture
def autograder_zip(toy_course, tmp_path):
    return build_gradescope_zip(toy_course, toy_course.week(1), tmp_path / "autograder.zip")


def test_zip_has_the_scripts_at_its_root_and_no_solutions(toy_course, autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as archive:
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        archive.extractall(tmp_path / "unpacked")
    assert {"setup.sh", "run_autograder", "gradescope_grade.py", "course.toml", "autograder/runner.py",
            "tests/week01_toy/test_toy.py", "assignments/week01_toy/toy.py"} <= set(modes)
    assert modes["setup.sh"] & stat.S_IXUSR and modes["run_autograder"] & stat.S_IXUSR
    assert not [name for name in modes if name.startswith((".git/", ".github/", "solutions/", "autograder/instructor/"))]
    assert find_leaks(toy_course, toy_course.week(1), tmp_path / "unpacked") == []


def test_zip_is_the_same_bytes_when_built_again(toy_course, autograder_zip, tmp_path):
    again = build_gradescope_zip(toy_course, toy_course.week(1), tmp_path / "again.zip")
    assert again.read_bytes() == autograder_zip.read_bytes()


def test_solution_text_in_the_zip_is_refused(toy_course, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("gradescope_setup.sh", "gradescope_run_autograder"):
        (templates / name).write_text("#!/bin/sh\n")
    (templates / "gradescope_grade.py").write_text((toy_course.root / "solutions/week01_toy/toy.py").read_text())
    monkeypatch.setattr("autograder.instructor.gradescope.TEMPLATES", templates)
    with pytest.raises(CourseError, match="would leak into the Gradescope zip"):
        build_gradescope_zip(toy_course, toy_course.week(1), tmp_path / "leaky.zip")
    assert not (tmp_path / "leaky.zip").exists()


def test_a_zip_name_that_is_not_a_zip_is_refused(toy_course, tmp_path):
    with pytest.raises(CourseError, match=r"\*\.zip"):
        build_gradescope_zip(toy_course, toy_course.week(1), tmp_path / "autograder.tar")


def _gradescope_root(autograder_zip: Path, root: Path, files: dict[str, str]) -> Path:
    """/autograder as Gradescope lays it out after setup.sh, with the student's files."""
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    (root / "run_autograder").write_bytes((root / "source" / "run_autograder").read_bytes())
    (root / "run_autograder").chmod(0o755)
    (root / "venv" / "bin").mkdir(parents=True)
    (root / "venv" / "bin" / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (root / "venv" / "bin" / "python").chmod(0o755)
    for name, text in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_text(text)
    (root / "submission").mkdir(exist_ok=True)
    (root / "results").mkdir()
    return root


def _run_autograder(root: Path) -> dict:
    done = subprocess.run([str(root / "run_autograder")], cwd=root, env={**os.environ, "AUTOGRADER_ROOT": str(root)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert gradescope_problems(results) == [], results
    return results


def _scores(results: dict) -> dict[str, int]:
    return {test["name"]: test["score"] for test in results["tests"]}


def test_run_autograder_grades_stub_reference_and_a_bug(toy_course, autograder_zip, tmp_path):
    stub = (toy_course.root / "assignments/week01_toy/toy.py").read_text()
    reference = (toy_course.root / "solutions/week01_toy/toy.py").read_text()
    buggy = reference.replace("return k * np.asarray(x)", "return k * np.asarray(x) + 1")
    assert buggy != reference

    uploaded_stub = _run_autograder(_gradescope_root(autograder_zip, tmp_path / "stub", {"toy.py": stub}))
    assert uploaded_stub["score"] == 0 and "not implemented yet" in uploaded_stub["tests"][0]["output"]
    # the whole repository, with a stray copy of the stub higher up: the week's folder wins
    repository = {"phyg004-week01/assignments/week01_toy/toy.py": reference, "phyg004-week01/old/toy.py": stub}
    full = _run_autograder(_gradescope_root(autograder_zip, tmp_path / "reference", repository))
    assert (full["score"], _scores(full)) == (5, {"add": 2, "scale": 3})
    assert "toy.py: graded from phyg004-week01/assignments/week01_toy/toy.py" in full["output"]
    bug = _run_autograder(_gradescope_root(autograder_zip, tmp_path / "buggy", {"toy.py": buggy}))
    assert (bug["score"], _scores(bug)) == (2, {"add": 2, "scale": 0})
    assert bug["tests"][1]["status"] == "failed" and bug["tests"][1]["output"]


def test_a_submission_without_the_module_scores_zero_and_says_what_to_upload(autograder_zip, tmp_path):
    results = _run_autograder(_gradescope_root(autograder_zip, tmp_path / "empty", {"notes.txt": "hello"}))
    assert results["score"] == 0
    assert "toy.py: not found in your submission, graded as the stub (upload toy.py)" in results["output"]


FAKE = """#!{python}
# A stand-in for a Python or apt-get: records its command line; `-m venv DIR` makes DIR/bin/python.
import os, shutil, sys
from pathlib import Path
name = Path(sys.argv[0]).name
with open(os.environ["CALLS"], "a") as log:
    log.write(" ".join([name, *sys.argv[1:]]) + "\\n")
if name == "apt-get" and "install" in sys.argv:
    shutil.copy(Path(sys.argv[0]).with_name("python"), Path(sys.argv[0]).with_name("python3.11"))
if sys.argv[1:3] == ["-m", "venv"]:
    (Path(sys.argv[-1]) / "bin").mkdir(parents=True)
    shutil.copy(sys.argv[0], Path(sys.argv[-1]) / "bin" / "python")
"""


def _run_setup(autograder_zip: Path, root: Path, pythons: list[str], lock: bool) -> list[str]:
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    (root / "source" / "requirements.lock").unlink(missing_ok=True)  # what the release ships, or nothing
    if lock:
        (root / "source" / "requirements.lock").write_text("numpy==2.0.0 --hash=sha256:00\n")
    bin_ = root / "bin"
    bin_.mkdir()
    for name in [*pythons, "python", "python3", "apt-get"]:  # python: what apt-get installs
        (bin_ / name).write_text(FAKE.format(python=sys.executable))
        (bin_ / name).chmod(0o755)
    if "python3" not in pythons:  # the system's python3 is too old: it fails the version check
        (bin_ / "python3").write_text(FAKE.format(python=sys.executable) + "if '-c' in sys.argv: sys.exit(1)\n")
    calls = root / "calls.txt"
    done = subprocess.run(["/bin/bash", str(root / "source" / "setup.sh")], capture_output=True, text=True, timeout=60,
                          env={"PATH": str(bin_), "AUTOGRADER_ROOT": str(root), "CALLS": str(calls)})
    assert done.returncode == 0, done.stderr
    return [line.replace(str(root), "ROOT") for line in calls.read_text().splitlines() if " -c " not in line]


def test_setup_installs_the_locked_runtime_with_hashes_then_the_package(autograder_zip, tmp_path):
    calls = _run_setup(autograder_zip, tmp_path, ["python3.12"], lock=True)
    assert calls == [
        "python3.12 -m venv ROOT/venv",
        "python -m pip install --no-input --disable-pip-version-check --require-hashes -r ROOT/source/requirements.lock",
        "python -m pip install --no-input --disable-pip-version-check --no-deps ROOT/source",
        "python -m autograder --help",
    ]


def test_setup_installs_a_python_of_the_range_when_the_image_has_none(autograder_zip, tmp_path):
    calls = _run_setup(autograder_zip, tmp_path, [], lock=False)
    assert calls[:3] == ["apt-get update -q",
                         "apt-get install -y -q --no-install-recommends python3.11 python3.11-venv",
                         "python3.11 -m venv ROOT/venv"]
    assert calls[3] == "python -m pip install --no-input --disable-pip-version-check ROOT/source"


def test_scripts_are_valid_bash():
    from autograder.instructor.release import TEMPLATES

    for name in ("gradescope_setup.sh", "gradescope_run_autograder"):
        assert subprocess.run(["bash", "-n", str(TEMPLATES / name)]).returncode == 0, name
