"""Push every week whose release date has come to its template repository, once.

Each week's template repository is named by a pattern such as
`https://github.com/ORG/phyg004-week{number:02d}.git` (placeholders `{number}` and
`{folder}`).  A week whose remote already has a `main` branch is released and left alone,
so a re-run is a no-op; a new week is released into a temporary folder (`release_week`:
one commit, leak-checked) and pushed without force.  Credentials never appear here: git
takes them from its own configuration (the scheduled workflow passes an extra header in
the environment), and a URL printed is stripped of any user and password.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import tempfile
from pathlib import Path

from autograder.course import Course, CourseError, Week
from autograder.instructor.calendar import due_weeks
from autograder.instructor.release import release_week

GIT_TIMEOUT = 300  # seconds for one ls-remote or push


def remote_url(pattern: str, week: Week) -> str:
    """The week's template repository: `pattern` with {number} and {folder} filled in."""
    try:
        url = pattern.format(number=week.number, folder=week.folder)
    except (KeyError, IndexError, ValueError) as error:
        raise CourseError(f"--remote {pattern!r}: use the placeholders {{number}} (e.g. {{number:02d}}) "
                          f"and {{folder}} only ({type(error).__name__}: {error})") from None
    if url == pattern:
        raise CourseError(f"--remote {pattern!r} names one repository for every week: "
                          "put {number:02d} or {folder} in it")
    return url


def shown(url: str) -> str:
    """`url` as it may be printed: without a user or password before the host."""
    return re.sub(r"^([a-z][a-z0-9+.-]*://)[^/@]*@", r"\1", url, flags=re.IGNORECASE)


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run git without prompting for credentials (a missing token fails instead of hanging)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=GIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise CourseError(f"git {args[0]} took more than {GIT_TIMEOUT} s") from None


def _failure(action: str, url: str, done: subprocess.CompletedProcess) -> CourseError:
    reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit code {done.returncode}"
    return CourseError(f"git {action} {shown(url)} failed: {shown(reason)}")


def has_main(url: str) -> bool:
    """Whether the remote repository has a `main` branch (False for an empty repository)."""
    done = _git("ls-remote", "--exit-code", "--heads", url, "refs/heads/main")
    if done.returncode in (0, 2):  # 2: the repository exists and has no such branch
        return done.returncode == 0
    raise _failure("ls-remote", url, done)


def publish_due(course: Course, pattern: str, today: datetime.date, say=print) -> list[Week]:
    """Release and push every week due on `today` whose remote has no `main` yet; the ones pushed."""
    pushed = []
    weeks = due_weeks(course, today)
    if not weeks:
        say(f"no week is due on {today.isoformat()}")
    for week in weeks:
        url = remote_url(pattern, week)
        if has_main(url):
            say(f"week {week.number}: already released ({shown(url)} has main)")
            continue
        with tempfile.TemporaryDirectory(prefix=f"release-{week.folder}-") as folder:
            out = release_week(course, week, Path(folder) / week.folder)
            done = _git("push", "--quiet", url, "main:refs/heads/main", cwd=out)
            if done.returncode != 0:
                raise _failure("push", url, done)
        say(f"week {week.number}: released and pushed to {shown(url)}")
        pushed.append(week)
    return pushed
