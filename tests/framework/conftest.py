"""Fixtures of the framework's own tests."""

import shutil
from pathlib import Path

import pytest

from autograder.course import load_course

REPO = Path(__file__).resolve().parents[2]
TOY = Path(__file__).resolve().parent / "toycourse"

collect_ignore = ["toycourse"]  # the toy course's week tests run only through the grader


@pytest.fixture(scope="session", autouse=True)
def jax_cache_of_this_session(tmp_path_factory):
    """The gradings of these tests keep JAX's compilation cache in this session's temporary
    folder: hundreds of temporary submissions must not pile up in the user's cache."""
    from autograder.jax_cache import ENV

    patch = pytest.MonkeyPatch()
    patch.setenv(ENV, str(tmp_path_factory.mktemp("jax-cache")))
    yield
    patch.undo()


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


# No static rules for toy.py ("*"): the attacks of the robustness tests must reach the runtime
# defences, which the static rules (test_rules.py, the end of test_hostile.py) would pre-empt.
PERMISSIVE_IMPORTS = '"toy.py" = ["*"]'


@pytest.fixture
def permissive_toy(toy_course):
    """The toy course without static rules: a hostile submission runs, whatever it imports."""
    path = toy_course.root / "course.toml"
    path.write_text(path.read_text() + f"\n  [weeks.imports]\n  {PERMISSIVE_IMPORTS}\n")
    return load_course(toy_course.root)
