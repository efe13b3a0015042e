"""The student's command line: python -m autograder {grade,task-status}.

Instructor commands (generate, verify, release, variants, gradebook) live in
`python -m autograder.instructor`, which a student repository does not have.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import sys
from pathlib import Path

from autograder.contract import Outcome
from autograder.course import Course, CourseError, Week, load_course
from autograder.runner import GradingError

INSTRUCTOR_COMMANDS = ("check", "generate", "verify", "release", "calendar", "variants", "gradebook", "lock")


def week_of(course: Course, spec: str | None) -> Week:
    """The week named by --week; in a repository that holds one week, --week may be left out."""
    if spec is None:
        if len(course.weeks) != 1:
            raise CourseError(f"name the week with --week (course.toml has {len(course.weeks)} weeks)")
        return course.weeks[0]
    return course.week(spec)


def cmd_grade(args) -> int:
    from autograder.grading import grade_week
    from autograder.markdown import render_markdown, render_markdown_failure
    from autograder.results import classroom_report, gradescope_json, render_table

    try:
        course = load_course()
        week = week_of(course, args.week)
        submission = Path(args.submission) if args.submission else course.root / "assignments"
        result = grade_week(course, week, submission, args.task)
    except (CourseError, GradingError) as error:
        if args.markdown:
            write_atomically(Path(args.markdown), render_markdown_failure(str(error)))
        raise
    print(render_table(result, str(args.submission or "assignments")))
    if args.markdown:
        write_atomically(Path(args.markdown), render_markdown(result))
    if args.json:
        write_atomically(Path(args.json), json.dumps(gradescope_json(result), indent=2) + "\n")
    if args.classroom:
        write_atomically(Path(args.classroom), json.dumps(classroom_report(result), indent=2) + "\n")
    return 0


def write_atomically(path: Path, text: str) -> None:
    """Write a result file whole or not at all (a reader never sees half of it)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def cmd_task_status(args) -> int:
    """One Classroom step: print a task's feedback from results.json; exit 0 iff it passed."""
    from autograder.results import week_result_from_gradescope

    course = load_course()
    week = week_of(course, args.week)
    path = Path(args.results)
    if not path.is_file():
        print(f"{path} is missing: the grading step did not complete (see its log above)")
        return 1
    result = week_result_from_gradescope(week, json.loads(path.read_text()))
    for task in result.tasks:
        if task.name == args.task:
            print(f"{task.name}: {task.points}/{task.max_points} ({task.status.words})")
            print(task.feedback)
            return 0 if task.status is Outcome.PASSED else 1
    raise GradingError(f"{path} has no task {args.task!r}")


def add_student_commands(commands) -> None:
    """The subcommands a student repository offers (the instructor CLI offers them too)."""
    grade = commands.add_parser("grade", help="grade one week of a submission")
    grade.add_argument("--week", help="4, 04, week04 or week04_cnn_ising (optional if the repository holds one week)")
    grade.add_argument("--submission", help="folder laid out like assignments/ (default: assignments/)")
    grade.add_argument("--json", help="write Gradescope's results.json here")
    grade.add_argument("--classroom", help="write the GitHub Classroom reporter payload here")
    grade.add_argument("--markdown", help="write the report card as GitHub-flavoured Markdown here")
    grade.add_argument("--task", action="append", help="grade only this task (repeatable)")
    grade.set_defaults(run=cmd_grade)

    status = commands.add_parser("task-status", help="one task's result from results.json (Classroom step)")
    status.add_argument("--week")
    status.add_argument("--results", default="results.json")
    status.add_argument("task")
    status.set_defaults(run=cmd_task_status)


@contextlib.contextmanager
def inert_workflow_commands(always: bool = False):
    """On GitHub Actions, show what follows as text: a line of student output or feedback that
    starts with `::` (`::error::`, `::add-mask::`, ...) must not act as a workflow command.

    `always` for task-status, which runs only as a Classroom step, under the command
    grader's reduced environment (PATH and HOME: no GITHUB_ACTIONS to tell)."""
    if not always and os.environ.get("GITHUB_ACTIONS") != "true":
        yield
        return
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    try:
        yield
    finally:
        print(f"::{token}::", flush=True)


def _exit_on_signal(number, frame):
    raise SystemExit(128 + number)  # unwinds through the runner, which kills its child and cleans up


def run(parser: argparse.ArgumentParser, argv: list[str] | None) -> int:
    """Parse and run; a course or grading problem is one line on stderr and exit code 2.

    SIGTERM and SIGINT end the command cleanly: no grading process and no temporary folder
    is left behind, and no result file is half written.
    """
    args = parser.parse_args(argv)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, _exit_on_signal)
    try:
        with inert_workflow_commands(always=args.run is cmd_task_status):
            return args.run(args)
    except (CourseError, GradingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in INSTRUCTOR_COMMANDS:
        print(f"error: {argv[0]} is an instructor command: python -m autograder.instructor {argv[0]} ...",
              file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Grade a week with the course's tests, as GitHub Classroom does.")
    add_student_commands(parser.add_subparsers(dest="command", required=True))
    return run(parser, argv)
