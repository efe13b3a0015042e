"""The command line refuses what it cannot grade with one line and a non-zero exit."""

import subprocess
import sys

from conftest import REPO


def run_cli(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_unknown_week_is_a_one_line_error():
    result = run_cli("grade", "--week", "8")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: unknown week '8': course.toml has weeks " + ", ".join(
            str(n) for n in sorted(int(line.split("=")[1]) for line in
                                   (REPO / "course.toml").read_text().splitlines()
                                   if line.startswith("number =")))]


def test_missing_submission_folder_is_a_one_line_error(tmp_path):
    result = run_cli("grade", "--week", "1", "--submission", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: submission folder {tmp_path / 'nope'} does not exist"


def test_submission_without_the_week_folder_is_a_one_line_error(tmp_path):
    result = run_cli("grade", "--week", "week01", "--submission", str(tmp_path))
    assert result.returncode == 2
    assert "has no week01_gradient_descent/ folder" in result.stderr


def test_week_spellings_are_equivalent(repo_course):
    spellings = ["2", "02", "week02", "week02_backprop"]
    assert {repo_course.week(s).folder for s in spellings} == {"week02_backprop"}


def test_instructor_commands_live_in_the_instructor_package():
    result = run_cli("verify")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: verify is an instructor command: python -m autograder.instructor verify ..."
    help_text = subprocess.run([sys.executable, "-m", "autograder.instructor", "--help"], cwd=REPO,
                               capture_output=True, text=True, timeout=120).stdout
    assert all(command in help_text for command in ("grade", "verify", "generate", "release", "variants", "gradebook"))


def test_a_course_toml_mistake_is_one_line_naming_file_and_key(tmp_path):
    text = (REPO / "course.toml").read_text().replace("per_test_timeout = ", "per_test_timout = ")
    (tmp_path / "course.toml").write_text(text)
    result = run_cli("grade", "--week", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {tmp_path / 'course.toml'}: grading.per_test_timout: unknown key "
                                     "(known: per_test_timeout, total_timeout, memory_limit_mb, time_multiple, time_floor)")


def test_variants_show_prints_the_report_a_student_with_that_bug_gets(toy_course):
    variants = toy_course.root / "tests" / "week01_toy" / "variants"
    variants.mkdir()
    (variants / "toy.diff").write_text(
        "=== buggy add_minus: add\nSubtraction for addition.\n@@ add\n-    return a + b\n+    return a - b\n\n"
        "=== correct add_sum: add\nThe built-in sum.\n@@ add\n-    return a + b\n+    return sum([a, b])\n")
    result = subprocess.run([sys.executable, "-m", "autograder.instructor", "variants", "--show", "add_minus"],
                            cwd=toy_course.root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ok", "week", "1", "toy/buggy_add_minus", "loses", "add"]
    assert "Subtraction for addition." in lines
    assert "Two plus three is five." in result.stdout and "Points 3/5" in result.stdout
    assert "add_sum" not in result.stdout


def test_grade_writes_the_markdown_report_card_or_why_there_is_none(tmp_path):
    report = tmp_path / "report.md"
    result = run_cli("grade", "--week", "1", "--markdown", str(report), "--task", "muller_brown")
    assert result.returncode == 0 and "**Points 0/2**" in report.read_text()
    result = run_cli("grade", "--week", "1", "--submission", str(tmp_path / "nope"), "--markdown", str(report))
    assert result.returncode == 2 and "no grade" in report.read_text() and "does not exist" in report.read_text()


def test_an_old_interpreter_gets_one_line_not_a_traceback():
    """The version check of __main__ runs before any import (an old interpreter is faked by raising the bar)."""
    source = (REPO / "autograder" / "__main__.py").read_text().replace("OLDEST_PYTHON = (3, 11)", "OLDEST_PYTHON = (99, 0)")
    result = subprocess.run([sys.executable, "-c", source], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("error: the grader needs Python 99.0 or newer, this is 3.")
    assert "OLDEST_PYTHON = (3, 11)" in (REPO / "autograder" / "__main__.py").read_text()
    assert 'requires-python = ">=3.11"' in (REPO / "pyproject.toml").read_text()


def test_verify_names_a_test_whose_task_marker_is_misspelled(toy_course):
    test_file = toy_course.root / "tests" / "week01_toy" / "test_toy.py"
    test_file.write_text(test_file.read_text() + '\n\n@pytest.mark.task("scal")\ndef test_typo():\n    """A typo."""\n')
    result = subprocess.run([sys.executable, "-m", "autograder.instructor", "verify"], cwd=toy_course.root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "test_toy.py::test_typo: marked with no task of course.toml ('scal'): it counts nowhere" in result.stdout
