"""Fixtures of the framework's own tests."""

import shutil
from pathlib import Path

import pytest

from autograder.course import load_course

REPO = Path(__file__).resolve().parents[2]
TOY = Path(__file__).resolve().parent / "toycourse"

collect_ignore = ["toycourse"]  # the toy course's week tests run only through the grader


@pytest.fixture(scope="session")
def repo_course():
    return load_course(REPO)


@pytest.fixture
def toy_course(tmp_path):
    """A fresh copy of the toy course with assignments/ and solutions/ generated."""
    from autograder.instructor.generate import write_files

    root = tmp_path / "toycourse"
    shutil.copytree(TOY, root)
    course = load_course(root)
    write_files(course)
    return course
