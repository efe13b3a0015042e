"""The command line: python -m autograder {grade,verify,generate,release,variants,gradebook,task-status}."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from autograder.course import CourseError, load_course


class UsageFailure(Exception):
    """Grading could not start: the message is the one-line reason printed to the user."""


def _grade(course, week, submission: Path, tasks=None):
    from autograder.results import score_week
    from autograder.runner import run_week

    if not submission.is_dir():
        raise UsageFailure(f"submission folder {submission} does not exist")
    if not (submission / week.folder).is_dir():
        raise UsageFailure(f"submission folder {submission} has no {week.folder}/ folder")
    start = time.monotonic()
    tests = run_week(course, week, submission, tasks)
    return score_week(week, tests, time.monotonic() - start, tasks)


def cmd_grade(args) -> int:
    from autograder.results import classroom_report, gradescope_json, render_table

    course = load_course()
    week = course.week(args.week)
    submission = Path(args.submission) if args.submission else course.root / "assignments"
    for task in args.task or []:
        week.task(task)
    result = _grade(course, week, submission, args.task)
    print(render_table(result, str(args.submission or "assignments")))
    if args.json:
        Path(args.json).write_text(json.dumps(gradescope_json(result), indent=2) + "\n")
    if args.classroom:
        Path(args.classroom).write_text(json.dumps(classroom_report(result), indent=2) + "\n")
    return 0


def cmd_task_status(args) -> int:
    """One Classroom step: print a task's feedback from results.json; exit 0 iff it passed."""
    from autograder.results import STATUS_WORDS, week_result_from_gradescope

    course = load_course()
    week = course.week(args.week)
    path = Path(args.results)
    if not path.is_file():
        print(f"{path} is missing: the grading step did not complete (see its log above)")
        return 1
    result = week_result_from_gradescope(week, json.loads(path.read_text()))
    for task in result.tasks:
        if task.name == args.task:
            print(f"{task.name}: {task.points:g}/{task.max_points:g} ({STATUS_WORDS[task.status]})")
            print(task.feedback)
            return 0 if task.status == "passed" else 1
    raise UsageFailure(f"{path} has no task {args.task!r}")


def cmd_verify(args) -> int:
    course = load_course()
    weeks = [course.week(args.week)] if args.week else list(course.weeks)
    failures = 0
    for week in weeks:
        for tree, want_full in (("solutions", True), ("assignments", False)):
            result = _grade(course, week, course.root / tree)
            wrong = [t for t in result.tasks if (t.status == "passed") != want_full
                     or (not want_full and t.status != "not implemented")]
            verdict = "ok" if not wrong else "WRONG"
            print(f"week {week.number:2d} {tree:<12} {result.score:g}/{result.max_score:g}  "
                  f"{result.seconds:5.1f} s  {verdict}")
            for task in wrong:
                print(f"    {task.name}: {task.status}: {task.summary}")
            failures += bool(wrong)
    return 1 if failures else 0


def cmd_generate(args) -> int:
    from autograder.generate import stale_files, write_files

    course = load_course()
    if args.check:
        if args.week:
            raise UsageFailure("--check always checks every week")
        stale = stale_files(course)
        for line in stale:
            print(f"stale: {line}")
        if stale:
            print("run `python -m autograder generate` and commit assignments/ and solutions/")
            return 1
        print("assignments/ and solutions/ are up to date with source/")
        return 0
    weeks = [course.week(args.week)] if args.week else None
    print(f"wrote {write_files(course, weeks)} files to assignments/ and solutions/")
    return 0


def cmd_release(args) -> int:
    from autograder.release import release_week

    course = load_course()
    out = release_week(course, course.week(args.week), Path(args.out))
    print(f"released week {args.week} to {out}")
    return 0


def cmd_variants(args) -> int:
    from autograder.variants import grade_variants

    course = load_course()
    weeks = [course.week(args.week)] if args.week else list(course.weeks)
    surprises = 0
    for week in weeks:
        for outcome in grade_variants(course, week, args.jobs):
            expected = ", ".join(sorted(outcome.variant.expect_failing)) or "nothing"
            got = ", ".join(sorted(outcome.failing)) or "nothing"
            mark = "ok  " if outcome.ok else "FAIL"
            print(f"{mark} week {week.number} {outcome.variant.name:<45} fails {got}"
                  + ("" if outcome.ok else f"   (expected {expected})"), flush=True)
            surprises += not outcome.ok
    return 1 if surprises else 0


def cmd_gradebook(args) -> int:
    from autograder.gradebook import grade_class

    course = load_course()
    week = course.week(args.week)
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        raise UsageFailure(f"submissions folder {submissions} does not exist")
    results = grade_class(course, week, submissions, Path(args.out), args.jobs)
    graded = [r for r in results.values() if r is not None]
    mean = sum(r.score for r in graded) / len(graded) if graded else 0.0
    print(f"graded {len(graded)} of {len(results)} students, mean {mean:.1f}/{week.max_points:g}: "
          f"{Path(args.out) / 'gradebook.csv'}, {Path(args.out) / 'gradebook.png'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="grade one week of a submission")
    grade.add_argument("--week", required=True, help="4, 04, week04 or week04_cnn_ising")
    grade.add_argument("--submission", help="folder laid out like assignments/ (default: assignments/)")
    grade.add_argument("--json", help="write Gradescope's results.json here")
    grade.add_argument("--classroom", help="write the GitHub Classroom reporter payload here")
    grade.add_argument("--task", action="append", help="grade only this task (repeatable)")
    grade.set_defaults(run=cmd_grade)

    status = commands.add_parser("task-status", help="one task's result from results.json (Classroom step)")
    status.add_argument("--week", required=True)
    status.add_argument("--results", default="results.json")
    status.add_argument("task")
    status.set_defaults(run=cmd_task_status)

    # A released student repository ships only the runtime modules: no instructor commands.
    if not (Path(__file__).parent / "generate.py").is_file():
        return parser

    verify = commands.add_parser("verify", help="solutions earn full marks, stubs earn none")
    verify.add_argument("--week")
    verify.set_defaults(run=cmd_verify)

    generate = commands.add_parser("generate", help="source/ -> assignments/ + solutions/")
    generate.add_argument("--check", action="store_true", help="fail if the generated files are stale")
    generate.add_argument("--week", help="generate this week only (while other weeks are being written)")
    generate.set_defaults(run=cmd_generate)

    release = commands.add_parser("release", help="write one week's student repository")
    release.add_argument("--week", required=True)
    release.add_argument("--out", required=True)
    release.set_defaults(run=cmd_release)

    variants = commands.add_parser("variants", help="grade the buggy and correct variants")
    variants.add_argument("--week")
    variants.add_argument("--jobs", type=int, default=2, help="variants graded at once (default 2: one per core)")
    variants.set_defaults(run=cmd_variants)

    gradebook = commands.add_parser("gradebook", help="grade a class: one folder per student")
    gradebook.add_argument("--week", required=True)
    gradebook.add_argument("--submissions", required=True, help="one folder per student")
    gradebook.add_argument("--out", required=True, help="where gradebook.csv/.png and results/ go")
    gradebook.add_argument("--jobs", type=int, default=2, help="students graded at once")
    gradebook.set_defaults(run=cmd_gradebook)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CourseError, UsageFailure) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
