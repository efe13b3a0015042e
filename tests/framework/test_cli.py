"""The command line refuses what it cannot grade with one line and a non-zero exit."""

import argparse
import shutil
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
    assert all(command in help_text for command in ("grade", "check", "verify", "generate", "release", "variants",
                                                    "gradebook"))


def test_every_instructor_command_is_named_as_one_by_the_student_cli():
    """`python -m autograder X` for an instructor command X points to the instructor CLI."""
    from autograder.cli import INSTRUCTOR_COMMANDS
    from autograder.instructor.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) - {"grade", "task-status"} == set(INSTRUCTOR_COMMANDS)


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


def _toy_variants(toy_course, text):
    variants = toy_course.root / "tests" / "week01_toy" / "variants"
    variants.mkdir()
    (variants / "toy.diff").write_text(text)


def test_variants_prints_the_feedback_of_the_task_that_surprised(toy_course):
    _toy_variants(toy_course, "=== buggy add_minus: scale\nSubtraction for addition, mislabelled.\n@@ add\n"
                              "-    return a + b\n+    return a - b\n")
    result = subprocess.run([sys.executable, "-m", "autograder.instructor", "variants"],
                            cwd=toy_course.root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:6] == ["FAIL", "week", "1", "toy/buggy_add_minus", "loses", "add"]
    assert lines[1].strip() == "[add] lost (failed); the student reads:"
    assert lines[2].strip() == "Two plus three is five."
    assert "[scale] passed all 2 of its tests: none catches this variant" in result.stdout
    assert lines[-1].strip() == "the student's whole report: variants --week 1 --show add_minus"


def test_variants_prints_each_verdict_as_soon_as_it_is_graded(toy_course):
    """The second variant's add waits (once, within its time limit) for a file that the test
    writes only once the first verdict is printed, and is right only if it appeared: it
    passes only if that verdict came before the whole batch was graded."""
    flag = toy_course.root / "first-verdict-seen"
    wait = ["global WAITED", "import os, time", "for _ in range(0 if WAITED else 400):",
            f"    if os.path.exists({str(flag)!r}):", "        break", "    time.sleep(0.05)", "WAITED = True",
            f"return a + b if os.path.exists({str(flag)!r}) else a - b"]
    _toy_variants(toy_course, "=== correct add_plain: add\nThe reference.\n@@ add\n     return a + b\n\n"
                              "=== correct add_waits: add\nRight only once the flag exists.\n@@ <module>\n"
                              "+WAITED = False\n@@ add\n-    return a + b\n"
                              + "".join(f"+    {line}\n" for line in wait))
    course_toml = toy_course.root / "course.toml"
    course_toml.write_text(course_toml.read_text().replace("per_test_timeout = 3", "per_test_timeout = 60")
                           .replace("time_floor = 3", "time_floor = 60"))
    child = subprocess.Popen([sys.executable, "-m", "autograder.instructor", "variants", "--jobs", "1"],
                             cwd=toy_course.root, stdout=subprocess.PIPE, text=True)
    first = child.stdout.readline()
    flag.touch()
    rest = child.stdout.read()
    assert child.wait(timeout=300) == 0, first + rest
    assert "toy/correct_add_plain" in first and "toy/correct_add_waits" in rest


def test_a_cache_in_a_test_module_never_carries_over_to_the_next_variant(toy_course):
    """The warm processes import the tests afresh for each submission."""
    from autograder.instructor.batch import grade_trusted

    (toy_course.root / "tests" / "week01_toy" / "test_a_cached.py").write_text(
        'import pytest\n\nfrom autograder.submission import submission_module\n\n'
        'toy = submission_module("week01_toy", "toy.py")\nCACHE = {}\n\n\n@pytest.mark.task("add")\n'
        'def test_cached_sum():\n    """Two plus three is five, computed once per import."""\n'
        '    CACHE.setdefault("sum", toy.add(2, 3))\n    assert CACHE["sum"] == 5, "add(2, 3) is not 5"\n')
    buggy = toy_course.root / "buggy"
    shutil.copytree(toy_course.root / "solutions", buggy)
    toy = buggy / "week01_toy" / "toy.py"
    toy.write_text(toy.read_text().replace("return a + b", "return a - b"))
    results = grade_trusted(toy_course, toy_course.weeks[0], [toy_course.root / "solutions", buggy], jobs=1)
    cached = [[t.outcome.value for t in result.tests if t.nodeid.endswith("test_cached_sum")] for result in results]
    assert cached == [["passed"], ["failed"]]



def test_a_week_without_its_notebook_key_is_a_one_line_course_toml_error(toy_course):
    course_toml = toy_course.root / "course.toml"
    course_toml.write_text(course_toml.read_text().replace('notebook = "toy.ipynb"\n', ""))
    result = subprocess.run([sys.executable, "-m", "autograder.instructor", "generate"], cwd=toy_course.root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: {course_toml}: weeks[0].notebook: missing"]
