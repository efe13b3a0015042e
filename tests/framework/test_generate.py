"""generate: deterministic, --check catches every kind of staleness, notebooks via nbgrader."""

import json
import subprocess
import sys

import pytest

from autograder.course import CourseError
from autograder.instructor.generate import expected_files, stale_files, write_files
from autograder.instructor.markers import MarkerError


def test_repository_generated_files_are_up_to_date(repo_course):
    assert stale_files(repo_course) == []


def test_generate_is_deterministic(repo_course):
    assert expected_files(repo_course) == expected_files(repo_course)


def test_check_reports_missing_changed_and_extra_files(toy_course):
    root = toy_course.root
    assert stale_files(toy_course) == []
    (root / "assignments/week01_toy/toy.py").write_text("changed\n")
    (root / "solutions/week01_toy/toy.ipynb").unlink()
    (root / "solutions/week01_toy/extra.py").write_text("x = 1\n")
    assert stale_files(toy_course) == [
        "assignments/week01_toy/toy.py (differs from source/)",
        "solutions/week01_toy/toy.ipynb (missing)",
        "solutions/week01_toy/extra.py (not generated from source/)",
    ]
    write_files(toy_course)
    assert stale_files(toy_course) == []


def test_notebook_stub_uses_nbgrader_and_clears_outputs(toy_course):
    stub = json.loads((toy_course.root / "assignments/week01_toy/toy.ipynb").read_text())
    solution = json.loads((toy_course.root / "solutions/week01_toy/toy.ipynb").read_text())
    stub_source = "".join(stub["cells"][0]["source"])
    assert "raise NotImplementedError()" in stub_source and "assert total == 3" not in stub_source
    assert "".join(solution["cells"][0]["source"]).endswith("assert total == 3")
    assert stub["cells"][0]["outputs"] == [] and stub["cells"][0]["execution_count"] is None


def test_a_near_marker_in_a_notebook_is_an_error_at_generate_time(toy_course):
    """nbgrader's own rule would strip `###BEGIN SOLUTION` from the stub but not `### begin solution`:
    both are refused before nbgrader sees the notebook, with the marker rule of modules."""
    path = toy_course.root / "source/week01_toy/toy.ipynb"
    for near in ("###BEGIN SOLUTION", "### begin solution"):
        notebook = json.loads(path.read_text())
        notebook["cells"][0]["source"] = [f"{near}\n", "total = 3\n", "### END SOLUTION\n"]
        path.write_text(json.dumps(notebook))
        with pytest.raises(MarkerError, match="malformed marker"):
            expected_files(toy_course)


def test_a_missing_notebook_is_an_error(toy_course):
    (toy_course.root / "source/week01_toy/toy.ipynb").unlink()
    with pytest.raises(CourseError, match="toy.ipynb .*does not exist"):
        expected_files(toy_course)


def test_generate_refuses_a_missing_handout_in_one_line_and_keeps_the_generated_files(toy_course):
    (toy_course.root / "source" / "week01_toy" / "README.md").unlink()
    result = subprocess.run([sys.executable, "-m", "autograder.instructor", "generate"], cwd=toy_course.root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: source/week01_toy/README.md does not exist: every week has a "
                                          "handout (what to implement, in which order, how to grade it)"]
    assert (toy_course.root / "assignments" / "week01_toy" / "README.md").is_file()
