"""The released Classroom workflow, held against the documented contract of its two actions.

classroom-resources/autograding-command-grader (src/main.js) runs a step's `command` with
only PATH and HOME (and a few build variables) in its environment; exit code 0 is "pass"
and scores `max-score` (read with parseInt), anything else "fail" and 0.  The grading
reporter (src/main.js) reads `<ID>_RESULTS` for every id of `runners`, accepts only ids of
letters and digits, and crashes on a step without a result.  Their JavaScript is not copied
here: these tests run our side of that contract as the actions would.
"""

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from autograder.instructor.release import release_week

REPORTER_RUNNERS = re.compile(r"^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$")  # the reporter's own check
GRADER_ENV = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "FORCE_COLOR": "true",
              "DOTNET_CLI_HOME": "/tmp", "DOTNET_NOLOGO": "true"}


@pytest.fixture
def release(toy_course, tmp_path):
    return release_week(toy_course, toy_course.week(1), tmp_path / "release")


def steps(release):
    workflow = yaml.safe_load((release / ".github/workflows/classroom.yml").read_text())
    return workflow["jobs"]["autograding"]["steps"]


def test_every_task_step_and_the_reporter_run_whatever_happened_before(release):
    graders = [s for s in steps(release) if "autograding-command-grader" in s.get("uses", "")]
    [reporter] = [s for s in steps(release) if "autograding-grading-reporter" in s.get("uses", "")]
    assert [s["with"]["test-name"] for s in graders] == ["add", "scale"]
    assert all(s["if"] == "always()" for s in graders) and reporter["if"] == "always()"
    ids = [s["id"] for s in graders]
    assert REPORTER_RUNNERS.match(reporter["with"]["runners"]) and reporter["with"]["runners"].split(",") == ids
    assert reporter["env"] == {f"{i.upper()}_RESULTS": f"${{{{steps.{i}.outputs.result}}}}" for i in ids}
    assert [int(s["with"]["max-score"]) for s in graders] == [2, 3]


SUBMISSIONS = {
    "passing": "import numpy as np\ndef add(a, b):\n    return a + b\ndef scale(x, k):\n"
               "    if k <= 0:\n        raise ValueError('k')\n    return k * np.asarray(x)\n",
    "failing": "def add(a, b):\n    raise ValueError('::error::forged by the student')\n"
               "def scale(x, k):\n    return x\n",
    "crashing": None,  # grading never wrote results.json (e.g. the install step failed)
}


@pytest.mark.parametrize("kind", SUBMISSIONS)
def test_the_steps_score_what_grade_scores_and_never_pass_a_workflow_command(release, kind):
    source = SUBMISSIONS[kind]
    points = 0
    if source is not None:
        (release / "assignments/week01_toy/toy.py").write_text(source)
        graded = subprocess.run([sys.executable, "-m", "autograder", "grade", "--json", "results.json"],
                                cwd=release, capture_output=True, text=True, timeout=300,
                                env=dict(os.environ, GITHUB_ACTIONS="true"))
        assert graded.returncode == 0, graded.stderr
        points = json.loads((release / "results.json").read_text())["score"]
    scored = 0
    for step in steps(release):
        if "autograding-command-grader" not in step.get("uses", ""):
            continue
        command = step["with"]["command"].replace("python -m", f"{sys.executable} -m", 1)
        run = subprocess.run(command, shell=True, cwd=release, env=GRADER_ENV, capture_output=True, text=True,
                             timeout=60)
        scored += int(step["with"]["max-score"]) if run.returncode == 0 else 0
        lines = run.stdout.splitlines()
        token = lines[0].removeprefix("::stop-commands::")
        assert lines[0].startswith("::stop-commands::") and lines[-1] == f"::{token}::"
        assert not any(line.startswith("::") for line in lines[1:-1])
    assert scored == points == {"passing": 5, "failing": 0, "crashing": 0}[kind]


@pytest.mark.parametrize("graded", [True, False])
def test_the_report_card_step_fills_the_summary_page_whatever_happened(release, tmp_path, graded):
    """The step's own shell script, run as Actions would: the report, or why there is none."""
    [grade] = [s for s in steps(release) if s.get("name", "").startswith("Grade week")]
    [card] = [s for s in steps(release) if s.get("name") == "Report card"]
    assert "--markdown report.md" in grade["run"] and card["if"] == "always()"
    if graded:
        (tmp_path / "report.md").write_text("## PHYG004 week 1\n\n**Points 3/5**\n")
    summary = tmp_path / "summary.md"
    subprocess.run(["bash", "-e", "-c", card["run"]], cwd=tmp_path, check=True,
                   env={**GRADER_ENV, "GITHUB_STEP_SUMMARY": str(summary)})
    assert ("**Points 3/5**" if graded else "The grading step did not finish") in summary.read_text()
