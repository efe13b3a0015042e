"""generate: deterministic, --check catches every kind of staleness, notebooks via nbgrader."""

import json

from autograder.generate import expected_files, stale_files, write_files


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
