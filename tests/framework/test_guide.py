"""The "add a week" guide (source/README.md) is followed to the letter, and the complete check
catches the author's usual mistakes, each with one line.

The guide's example week is written from its own snippets (fenced blocks whose info string
names a file) into a copy of the toy course, not of the repository: the check of one week
does the same work in either, and the toy course is a few files where the repository has
every week's sources, tests and generated trees to copy.
"""

import re
import shlex
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, TOY

GUIDE = REPO / "source" / "README.md"
WEEK = "week07_springs"
FENCE = re.compile(r"^```(\w+) (\S+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def snippets() -> dict[str, str]:
    """Info string target ("source/...", ">>course.toml", "steps") -> the block's text."""
    return {target: text for _, target, text in FENCE.findall(GUIDE.read_text(encoding="utf-8"))}


def instructor(root, *args, timeout=900):
    return subprocess.run([sys.executable, "-m", "autograder.instructor", *args], cwd=root,
                          capture_output=True, text=True, timeout=timeout)


def failures(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("FAIL")]


@pytest.fixture(scope="module")
def guide_course(tmp_path_factory):
    """The toy course with the guide's week added by its snippets and its steps: (root, outputs)."""
    root = tmp_path_factory.mktemp("guide") / "course"
    shutil.copytree(TOY, root)
    blocks = snippets()
    for target, text in blocks.items():
        if target.startswith(">>"):
            with open(root / target[2:], "a", encoding="utf-8") as file:
                file.write(text)
        elif "/" in target:
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            (root / target).write_text(text, encoding="utf-8")
    outputs = []
    for line in blocks["steps"].splitlines():
        command = shlex.split(line)
        assert command[:3] == ["python", "-m", "autograder.instructor"], line
        outputs.append(instructor(root, *command[3:]))
    return root, outputs


def test_the_guide_names_every_file_of_a_week():
    targets = set(snippets())
    assert {">>course.toml", "steps", f"source/{WEEK}/springs.py", f"source/{WEEK}/springs.ipynb",
            f"source/{WEEK}/README.md", f"tests/{WEEK}/test_springs_chain.py",
            f"tests/{WEEK}/variants/springs.diff"} <= targets
    assert "../shared" not in GUIDE.read_text(encoding="utf-8"), "the guide stands on its own"


def test_following_the_guide_gives_a_week_that_passes_the_complete_check(guide_course):
    root, outputs = guide_course
    for result in outputs:
        assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    check = outputs[-1]
    assert check.args[3:] == ["check", "--week", "7"]
    steps = [line.split()[1] for line in check.stdout.splitlines() if line.startswith("ok")]
    assert steps == ["files", "generated", "reference", "stubs", "variants", "notebook", "release"], check.stdout
    assert check.stdout.splitlines()[-1] == "week 7: every check passed"


@pytest.fixture
def week_copy(guide_course, tmp_path):
    """A fresh copy of the course with the guide's week, to break."""
    root = tmp_path / "course"
    shutil.copytree(guide_course[0], root)
    return root


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_check_names_a_mistyped_task_marker_and_a_mislabelled_variant(week_copy):
    tests = week_copy / "tests" / WEEK
    edit(tests / "test_springs_chain.py", '@pytest.mark.task("spring_energy")\n@given(x=positions, shift',
         '@pytest.mark.task("spring_enrgy")\n@given(x=positions, shift')
    edit(tests / "variants" / "springs.diff", "=== buggy forces_without_stiffness: spring_forces",
         "=== buggy forces_without_stiffness: spring_energy")
    result = instructor(week_copy, "check", "--week", "7", "--no-notebook")
    assert result.returncode == 1, result.stdout + result.stderr
    marker, variant = failures(result)
    assert marker.startswith(f"FAIL  reference  tests/{WEEK}/test_springs_chain.py::test_energy_is_translation_"
                             "invariant: its task marker names no task of week 7 ('spring_enrgy'")
    assert marker.endswith("fix @pytest.mark.task")
    assert variant.startswith(f"FAIL  variants   {tests / 'variants' / 'springs.diff'}:")
    assert ("springs/buggy_forces_without_stiffness loses spring_forces (expected to lose spring_energy)"
            in variant)
    assert "--show forces_without_stiffness" in variant


def test_the_check_names_a_missing_notebook(week_copy):
    (week_copy / "source" / WEEK / "springs.ipynb").unlink()
    result = instructor(week_copy, "check", "--week", "7", "--no-notebook")
    assert result.returncode == 1, result.stdout + result.stderr
    assert failures(result) == [f"FAIL  files      source/{WEEK}/springs.ipynb does not exist: course.toml "
                                "declares it for week 7 (write it, or fix the name there)"]


def test_the_check_refuses_a_course_toml_typo_in_one_line(week_copy):
    edit(week_copy / "course.toml", '  name = "spring_forces"\n  points = 3',
         '  name = "spring_forces"\n  pionts = 3')
    result = instructor(week_copy, "check", "--week", "7")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {week_copy / 'course.toml'}: weeks[1].tasks[1].pionts: unknown key (known: name, points, summary)"]
