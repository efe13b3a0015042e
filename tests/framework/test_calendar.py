"""The course calendar and the scheduled release (`calendar`, `release --due`).

The template repositories are local bare git repositories, one a week, reached with
file:// URLs: what the scheduled workflow does against GitHub, without the network.
"""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from autograder.course import CourseError, load_course
from autograder.instructor.calendar import render_calendar, statuses
from autograder.instructor.cli import build_parser, main
from autograder.instructor.publish import publish_due, remote_url, shown

WEEK2 = """
[[weeks]]
number = 2
folder = "week02_toy"
title = "Toy week two"
release = 2027-01-18
due = 2027-01-25
modules = ["toy.py"]
notebook = "toy.ipynb"

  [[weeks.tasks]]
  name = "add"
  points = 2
  summary = "Addition"

  [[weeks.tasks]]
  name = "scale"
  points = 4
  summary = "Scaling"
"""


@pytest.fixture
def two_weeks(toy_course):
    """The toy course with a second week, released a week after the first."""
    from autograder.instructor.generate import write_files

    root = toy_course.root
    shutil.copytree(root / "source" / "week01_toy", root / "source" / "week02_toy")
    shutil.copytree(root / "tests" / "week01_toy", root / "tests" / "week02_toy")
    test = root / "tests" / "week02_toy" / "test_toy.py"
    test.write_text(test.read_text().replace("week01_toy", "week02_toy"))
    (root / "course.toml").write_text((root / "course.toml").read_text() + WEEK2)
    course = load_course(root)
    write_files(course)
    return course


@pytest.fixture
def remotes(tmp_path):
    """An empty bare repository per week, and the --remote pattern that names them."""
    for folder in ("week01_toy", "week02_toy"):
        subprocess.run(["git", "init", "--quiet", "--bare", str(tmp_path / "remotes" / f"{folder}.git")], check=True)
    return (tmp_path / "remotes").as_uri() + "/{folder}.git"


def _main_of(remote: Path) -> list[str]:
    """The commits on the bare repository's main (subjects), newest first; [] if it has no main."""
    done = subprocess.run(["git", "--git-dir", str(remote), "log", "--format=%s", "main"],
                          capture_output=True, text=True)
    return done.stdout.splitlines() if done.returncode == 0 else []


def _run_cli(monkeypatch, root, capsys, *argv) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("today, expected", [
    ("2027-01-10", {1: "next", 2: "later"}),     # before the first release
    ("2027-01-11", {1: "released", 2: "next"}),  # the release date itself counts
    ("2027-01-17", {1: "released", 2: "next"}),
    ("2027-01-18", {1: "released", 2: "released"}),
])
def test_statuses_follow_the_release_dates(two_weeks, today, expected):
    found = {week.number: status for week, status in statuses(two_weeks, datetime.date.fromisoformat(today))}
    assert found == expected


def test_calendar_command_prints_every_week_with_dates_points_and_status(two_weeks, monkeypatch, capsys):
    code, out, _ = _run_cli(monkeypatch, two_weeks.root, capsys, "calendar", "--today", "2027-01-12")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "TOY001 Toy course: the calendar on 2027-01-12"
    assert lines[2].split() == ["week", "title", "release", "due", "points", "status"]
    assert lines[3].split() == ["1", "Toy", "week", "2027-01-11", "2027-01-18", "5", "released"]
    assert lines[4].split() == ["2", "Toy", "week", "two", "2027-01-18", "2027-01-25", "6", "next"]


def test_the_real_calendar_skips_the_weeks_without_an_assignment(repo_course):
    text = render_calendar(repo_course, datetime.date(2027, 3, 1))
    numbers = [int(line.split()[0]) for line in text.splitlines()[3:]]
    assert numbers == [week.number for week in repo_course.weeks] and not {7, 8, 10} & set(numbers)
    assert [line.split()[-1] for line in text.splitlines()[3:]].count("next") == 1


def test_due_weeks_are_pushed_once_and_a_later_date_pushes_the_next(two_weeks, remotes, tmp_path):
    week1, week2 = tmp_path / "remotes" / "week01_toy.git", tmp_path / "remotes" / "week02_toy.git"
    said = []
    pushed = publish_due(two_weeks, remotes, datetime.date(2027, 1, 12), said.append)
    assert [week.number for week in pushed] == [1]
    assert _main_of(week1) == ["TOY001 week 1: Toy week"] and _main_of(week2) == []
    head = subprocess.run(["git", "--git-dir", str(week1), "rev-parse", "main"], capture_output=True,
                          text=True, check=True).stdout
    files = subprocess.run(["git", "--git-dir", str(week1), "ls-tree", "-r", "--name-only", "main"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    assert "assignments/week01_toy/toy.py" in files and not any(f.startswith("solutions/") for f in files)
    assert said == [f"week 1: released and pushed to {remote_url(remotes, two_weeks.week(1))}"]

    said.clear()
    assert publish_due(two_weeks, remotes, datetime.date(2027, 1, 12), said.append) == []  # a re-run: a no-op
    assert said == [f"week 1: already released ({remote_url(remotes, two_weeks.week(1))} has main)"]
    assert subprocess.run(["git", "--git-dir", str(week1), "rev-parse", "main"], capture_output=True,
                          text=True, check=True).stdout == head

    pushed = publish_due(two_weeks, remotes, datetime.date(2027, 1, 18), said.append)
    assert [week.number for week in pushed] == [2]
    assert _main_of(week2) == ["TOY001 week 2: Toy week two"] and _main_of(week1) == ["TOY001 week 1: Toy week"]


def test_release_due_command_before_any_release_date_does_nothing(two_weeks, remotes, tmp_path, monkeypatch, capsys):
    code, out, _ = _run_cli(monkeypatch, two_weeks.root, capsys,
                            "release", "--due", "--remote", remotes, "--today", "2027-01-01")
    assert (code, out) == (0, "no week is due on 2027-01-01\n")
    assert _main_of(tmp_path / "remotes" / "week01_toy.git") == []


def test_a_remote_that_is_not_a_repository_is_one_line_and_pushes_nothing(two_weeks, tmp_path, monkeypatch, capsys):
    pattern = (tmp_path / "missing").as_uri() + "/{folder}.git"
    code, out, err = _run_cli(monkeypatch, two_weeks.root, capsys,
                              "release", "--due", "--remote", pattern, "--today", "2027-02-01")
    assert code == 2 and out == ""
    assert err.startswith("error: git ls-remote ") and len(err.strip().splitlines()) == 1


def _push_by_hand(remote: Path, folder: Path) -> None:
    """A commit of someone else's on the remote's main."""
    folder.mkdir()
    (folder / "notes.txt").write_text("made by hand\n")
    for command in (["init", "--quiet", "--initial-branch=main"], ["add", "notes.txt"],
                    ["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                     "commit", "--quiet", "-m", "by hand"], ["push", "--quiet", str(remote), "main"]):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)


def test_a_template_that_has_main_is_left_as_it_is(two_weeks, remotes, tmp_path):
    week1 = tmp_path / "remotes" / "week01_toy.git"
    _push_by_hand(week1, tmp_path / "hand")
    said = []
    assert [w.number for w in publish_due(two_weeks, remotes, datetime.date(2027, 1, 30), said.append)] == [2]
    assert _main_of(week1) == ["by hand"] and said[0].startswith("week 1: already released")


def test_a_push_is_never_forced(two_weeks, remotes, tmp_path, monkeypatch):
    """Should main appear between the check and the push, the push fails and main stays."""
    week1 = tmp_path / "remotes" / "week01_toy.git"
    _push_by_hand(week1, tmp_path / "hand")
    monkeypatch.setattr("autograder.instructor.publish.has_main", lambda url: False)
    with pytest.raises(CourseError, match="^git push .* failed: "):
        publish_due(two_weeks, remotes, datetime.date(2027, 1, 12), lambda line: None)
    assert _main_of(week1) == ["by hand"]


@pytest.mark.parametrize("pattern, problem", [
    ("https://example.org/{nuber:02d}.git", "placeholders"),      # a misspelt placeholder
    ("https://example.org/{number:02q}.git", "placeholders"),     # a bad format
    ("https://example.org/phyg004.git", "one repository for every week"),
])
def test_a_bad_remote_pattern_is_a_course_error(two_weeks, pattern, problem):
    with pytest.raises(CourseError, match=problem):
        remote_url(pattern, two_weeks.week(1))


def test_remote_pattern_fills_number_and_folder(two_weeks):
    week = two_weeks.week(2)
    assert remote_url("https://github.com/ORG/phyg004-week{number:02d}.git", week) == \
        "https://github.com/ORG/phyg004-week02.git"
    assert remote_url("/srv/{folder}.git", week) == "/srv/week02_toy.git"


def test_a_printed_url_never_shows_a_user_or_password():
    assert shown("https://x-access-token:ghp_secret@github.com/o/r.git") == "https://github.com/o/r.git"
    assert shown("file:///srv/r.git") == "file:///srv/r.git"


@pytest.mark.parametrize("argv, problem", [
    (["release", "--due"], "needs --remote"),
    (["release", "--due", "--remote", "x{number}", "--out", "d"], "takes no --out"),
    (["release", "--week", "1"], "needs --out DIR, --gradescope"),
    (["release", "--week", "1", "--out", "d", "--today", "2027-01-01"], "go with release --due"),
])
def test_release_options_that_do_not_go_together_are_one_line(two_weeks, monkeypatch, capsys, argv, problem):
    code, _, err = _run_cli(monkeypatch, two_weeks.root, capsys, *argv)
    assert code == 2 and problem in err and len(err.strip().splitlines()) == 1


def test_the_scheduled_workflow_runs_release_due_weekly_with_least_permissions():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text())
    triggers = workflow[True]  # PyYAML reads the key `on` as True
    assert triggers["schedule"][0]["cron"] == "0 6 * * 1" and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    run = "\n".join(step.get("run", "") for step in job["steps"])
    command = next(line for line in run.splitlines() if "release --due" in line).split("autograder.instructor ")[1]
    args = build_parser().parse_args(command.replace('"$TEMPLATE_REMOTE"', "PATTERN").split())
    assert (args.due, args.remote) == (True, "PATTERN")
    env = job["steps"][-1]["env"]
    assert env["TEMPLATE_PUSH_TOKEN"] == "${{ secrets.TEMPLATE_PUSH_TOKEN }}" and "TEMPLATE_PUSH_TOKEN" not in command
    remote = env["TEMPLATE_REMOTE"].replace("${{ github.repository_owner }}", "ORG")
    assert remote_url(remote, load_course(REPO).week(4)) == "https://github.com/ORG/phyg004-week04.git"
