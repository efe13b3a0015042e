"""The student path, run verbatim from the released README: a fresh virtual environment, the
locked install, `grade` on the stubs (0 points) and on the reference (full points).

The commands are read from the README a release writes (its Linux and macOS block and the
grading block), so the README cannot go stale.  The shell sees no trace of this test's own
virtual environment: `python3` is the interpreter running the tests, found through a PATH
without the environment's bin/, so the release's `.venv` has only what the lock installs.
pip may use the machine's download cache.  Cost: about a minute (the lock's packages,
jax and matplotlib among them, are installed from the cache; the toy week grades in seconds).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from packaging.markers import Marker
from test_lock import needs_registry

from autograder.instructor.lock import normalise_name, pins
from autograder.instructor.release import release_week

FENCE = re.compile(r"^( *)```\n(.*?)^\1```$", re.M | re.S)


def fenced_after(readme: str, marker: str) -> str:
    """The first fenced block after the line `marker` (or containing it), without its indentation."""
    for match in FENCE.finditer(readme):
        if marker in readme[:match.start()].rstrip().rsplit("\n", 1)[-1] or marker in match.group(2):
            indent = len(match.group(1))
            return "".join(line[indent:] for line in match.group(2).splitlines(keepends=True))
    raise AssertionError(f"the README has no fenced block after {marker!r}")


def student_shell(release: Path, script: str) -> subprocess.CompletedProcess:
    """Run script with sh in the release, as a student's fresh terminal would (no venv active)."""
    venv_bin = str(Path(sys.executable).parent)
    path = [entry for entry in os.environ["PATH"].split(os.pathsep) if entry != venv_bin]
    python3 = Path(sys.executable).resolve().parent  # the base interpreter of this test's venv
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join([str(python3), *path])
    return subprocess.run(["sh", "-e", "-c", script], cwd=release, env=env, capture_output=True, text=True,
                          timeout=900)


@needs_registry
def test_the_readme_commands_install_the_lock_and_grade_stubs_then_the_reference(toy_course, tmp_path):
    release = release_week(toy_course, toy_course.week(1), tmp_path / "release")
    readme = (release / "README.md").read_text()
    setup, grade = fenced_after(readme, "Linux and macOS:"), fenced_after(readme, "python -m autograder grade")
    assert "requirements.lock" in setup and grade == "python -m autograder grade\n"

    stubs = student_shell(release, setup + "python -m pip freeze --exclude-editable\n" + grade)
    assert stubs.returncode == 0, stubs.stdout[-3000:] + stubs.stderr[-3000:]
    frozen = dict(line.split("==") for line in stubs.stdout.splitlines() if "==" in line and " " not in line)
    locked = {name: version for name, entries in pins((release / "requirements.lock").read_text()).items()
              for version, marker, _ in entries if marker is None or Marker(marker).evaluate()}
    assert {normalise_name(name): version for name, version in frozen.items()} == locked
    assert "Points 0/5" in stubs.stdout and "not implemented yet" in stubs.stdout

    shutil.copy(toy_course.root / "solutions" / "week01_toy" / "toy.py", release / "assignments" / "week01_toy")
    activate = next(line for line in setup.splitlines(keepends=True) if "activate" in line)  # a new terminal
    solved = student_shell(release, activate + grade)
    assert solved.returncode == 0, solved.stdout[-3000:] + solved.stderr[-3000:]
    assert "Points 5/5" in solved.stdout
