"""Write one week's standalone student repository, and prove that no solution leaks into it.

The release holds the week's stubs and notebook (assignments/), its graded tests (without
the variants), the runtime package `autograder/` without `autograder/instructor/`, a
course.toml with that week only, and files rendered from `templates/`: install metadata,
a student README, .gitignore and the Classroom workflow with one step per task, and the
runtime's lock file (requirements.lock, whose Python the workflow uses; see lock.py).  Everything
of the package is read from the installed package (importlib), so release works from a
wheel as well as from an editable checkout.  `leaks.find_leaks` checks the result.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import string
from importlib.resources import files
from pathlib import Path

from autograder.course import Course, CourseError, Week
from autograder.instructor.leaks import find_leaks
from autograder.instructor.lock import LOCK_NAME, NEWEST_PYTHON, UV_VERSION, read_header
from autograder.results import runner_id
from autograder.rules import STANDARD_MODULES
from autograder.sandbox import copy_runtime

DISTRIBUTION = "phyg004-autograder"
TEMPLATES = files("autograder.instructor") / "templates"


def _template(name: str, **values) -> str:
    return string.Template((TEMPLATES / name).read_text(encoding="utf-8")).substitute(values)


def _workflow(week: Week, python: str) -> str:
    steps = [_template("task_step.yml.in", task=t.name, rid=runner_id(t.name), points=t.points).rstrip("\n")
             for t in week.tasks]
    env = [f'          {runner_id(t.name).upper()}_RESULTS: "${{{{steps.{runner_id(t.name)}.outputs.result}}}}"'
           for t in week.tasks]
    return _template("classroom.yml.in", week_number=week.number, week_title=week.title, python=python, uv_version=UV_VERSION,
                     task_steps="\n".join(steps), reporter_env="\n".join(env),
                     runners=",".join(runner_id(t.name) for t in week.tasks))


def _course_toml(course: Course, week: Week) -> str:
    """course.toml with this week only, in the same format."""
    text = (course.root / "course.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("\n[[weeks]]\n")
    mine = [block for block in blocks if f'folder = "{week.folder}"' in block]
    return head + "\n[[weeks]]\n" + mine[0].rstrip() + "\n"


def _installed_requirements() -> list[str]:
    """The runtime dependencies of the installed grader, without extras."""
    try:
        metadata = importlib.metadata.metadata(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise CourseError(f"{DISTRIBUTION} is not installed: run `python -m pip install -e .` first") from None
    requirements = [r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r]
    return requirements


def _next_minor(version: str) -> str:
    """"3.14" -> "3.15"."""
    major, minor = version.split(".")
    return f"{major}.{int(minor) + 1}"


def _rules(week: Week) -> str:
    """The week's static rules (course.toml), as the student README states them."""
    lines = [f"- `{module}` may import {', '.join(f'`{p}`' for p in packages)} and the standard modules "
             f"{', '.join(f'`{m}`' for m in STANDARD_MODULES if m != '__future__')}."
             for module, packages in week.imports.items() if "*" not in packages]
    lines += [f"- `{function}` may not use {', '.join(f'`{name}`' for name in names)}."
              for function, names in week.forbidden_calls.items()]
    return "\n".join(lines)


def release_week(course: Course, week: Week, out: Path) -> Path:
    out = out.resolve()
    if out.exists() and any(out.iterdir()):
        raise CourseError(f"{out} is not empty: release into a new folder")
    shutil.copytree(course.root / "assignments" / week.folder, out / "assignments" / week.folder)
    shutil.copytree(course.root / "tests" / week.folder, out / "tests" / week.folder,
                    ignore=shutil.ignore_patterns("variants", "__pycache__"))
    shutil.copy2(course.root / "tests" / "conftest.py", out / "tests" / "conftest.py")
    copy_runtime(out / "autograder")
    (out / "course.toml").write_text(_course_toml(course, week), encoding="utf-8")
    dependencies = _installed_requirements()
    lock = (TEMPLATES / LOCK_NAME).read_text(encoding="utf-8")
    python = read_header(lock).python  # the oldest Python the lock serves: the workflow's
    # the range the lock has wheels for: pip refuses any other Python in one line
    requires_python = f">={python},<{_next_minor(NEWEST_PYTHON)}"
    (out / "pyproject.toml").write_text(_template(
        "pyproject.toml.in", folder_dash=week.folder.replace("_", "-"), number=week.number, title=week.title,
        requires_python=requires_python, dependencies=json.dumps(dependencies)), encoding="utf-8")
    (out / "README.md").write_text(_template(
        "README.md.in", number=week.number, title=week.title, due=week.due, folder=week.folder,
        notebook=week.notebook, modules=", ".join(f"`{m}`" for m in week.modules),
        task_rows="\n".join(f"| `{t.name}` | {t.points} | {t.summary} |" for t in week.tasks),
        rules=_rules(week), oldest_python=python, newest_python=NEWEST_PYTHON), encoding="utf-8")
    (out / ".gitignore").write_text(_template("gitignore"), encoding="utf-8")
    (out / LOCK_NAME).write_text(lock, encoding="utf-8")
    workflow = out / ".github" / "workflows" / "classroom.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(_workflow(week, python), encoding="utf-8")
    leaks = find_leaks(course, week, out)
    if leaks:
        shutil.rmtree(out)
        raise CourseError("solution text would leak into the release:\n" + "\n".join(leaks))
    _commit(out, course.release_author, f"{course.code} week {week.number}: {week.title}")
    return out


def _commit(out: Path, author: str, message: str) -> None:
    """Make the release a git repository with one commit on main, ready to push as a template."""
    name, email = author[:author.index(" <")], author[author.index("<") + 1:-1]
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
    for command in (["init", "--quiet", "--initial-branch=main"], ["add", "--all"],
                    ["-c", "commit.gpgsign=false", "commit", "--quiet", "--message", message]):
        done = subprocess.run(["git", *command], cwd=out, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise CourseError(f"git {command[0]} in {out} failed: {done.stderr.strip()}")
