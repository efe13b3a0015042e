"""course.toml: every mistake is a CourseError naming the file and the key."""

import pytest

from autograder.course import CourseError, load_course
from conftest import REPO

TEXT = (REPO / "course.toml").read_text()


@pytest.mark.parametrize("old, new, message", [
    ("points = 2\n", "points = 1.5\n", r"weeks\[0\]\.tasks\[0\]\.points: must be int, got 1\.5"),
    ("points = 2\n", "points = 0\n", r"weeks\[0\]\.tasks\[0\]\.points: must be positive"),
    ("memory_limit_mb = ", "memory_limit = ", r"grading\.memory_limit: unknown key"),
    ("total_timeout = 900", "total_timeout = \"900\"", r"grading\.total_timeout: must be int or float"),
    ('folder = "week01_gradient_descent"', 'folder = "week1_gd"', r"weeks\[0\]\.folder: 'week1_gd' does not match"),
    ('notebook = "gradient_descent.ipynb"\n', "", r"weeks\[0\]\.notebook: missing"),
    ('modules = ["descent.py"]', 'modules = ["descent"]', r"weeks\[0\]\.modules: must list the week's \.py modules"),
    ("[course]", "[course", r"not valid TOML"),
])
def test_mistakes_name_the_file_and_the_key(tmp_path, old, new, message):
    assert old in TEXT
    (tmp_path / "course.toml").write_text(TEXT.replace(old, new, 1))
    with pytest.raises(CourseError, match=f"{tmp_path / 'course.toml'}: .*{message}"):
        load_course(tmp_path)


def test_limits_are_floats_and_points_integers(repo_course):
    assert isinstance(repo_course.limits.per_test_timeout, float)
    assert all(isinstance(task.points, int) for week in repo_course.weeks for task in week.tasks)
