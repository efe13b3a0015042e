"""The instructor's command line: python -m autograder.instructor COMMAND.

  generate   source/ -> assignments/ (stubs) + solutions/ (reference); --check for staleness
  verify     solutions earn full marks and stubs earn none
  variants   every buggy variant loses exactly its tasks, every correct one loses none
  release    one week's student repository (refuses if solution text would leak)
  gradebook  grade a class into gradebook.csv, gradebook.png and results/
  grade, task-status   as in `python -m autograder`
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from autograder.cli import add_student_commands, run
from autograder.contract import Outcome
from autograder.course import REFERENCE_TIMES, load_course
from autograder.runner import GradingError


def _weeks(course, spec):
    return [course.week(spec)] if spec else list(course.weeks)


def cmd_verify(args) -> int:
    from autograder.grading import grade_week

    course = load_course()
    failures = 0
    for week in _weeks(course, args.week):
        for tree, want_full in (("solutions", True), ("assignments", False)):
            result = grade_week(course, week, course.root / tree)
            if want_full and args.write_times:
                _write_reference_times(course, week, result)
            want = Outcome.PASSED if want_full else Outcome.NOT_IMPLEMENTED
            wrong = [t for t in result.tasks if t.status is not want]
            known = {task.name for task in week.tasks}
            orphans = [t for t in result.tests if t.task not in known]  # never counted in a grade
            print(f"week {week.number:2d} {tree:<12} {result.score}/{result.max_score}  "
                  f"{result.seconds:5.1f} s  {'ok' if not wrong and not orphans else 'WRONG'}")
            for task in wrong:
                print(f"    {task.name}: {task.status.words}: {task.summary}")
            for test in orphans:
                print(f"    {test.nodeid}: marked with no task of course.toml ({test.task!r}): it counts nowhere")
            failures += bool(wrong or orphans)
    return 1 if failures else 0


def _write_reference_times(course, week, result) -> None:
    """tests/<week>/reference_times.json: each test's seconds on the reference, for its time limit."""
    times = {test.nodeid: round(test.seconds, 3) for test in result.tests}
    path = course.root / "tests" / week.folder / REFERENCE_TIMES
    path.write_text(json.dumps(dict(sorted(times.items())), indent=1) + "\n", encoding="utf-8")
    slowest = max(times.values(), default=0.0)
    print(f"    wrote {path.relative_to(course.root)}: {len(times)} tests, the slowest {slowest:.2f} s")


def cmd_generate(args) -> int:
    from autograder.instructor.generate import stale_files, write_files

    course = load_course()
    if args.check:
        stale = stale_files(course, _weeks(course, args.week))
        for line in stale:
            print(f"stale: {line}")
        if stale:
            print("run `python -m autograder.instructor generate` and commit assignments/ and solutions/")
            return 1
        print("assignments/ and solutions/ are up to date with source/")
        return 0
    weeks = [course.week(args.week)] if args.week else None
    print(f"wrote {write_files(course, weeks)} files to assignments/ and solutions/")
    return 0


def cmd_release(args) -> int:
    from autograder.instructor.release import release_week

    course = load_course()
    out = release_week(course, course.week(args.week), Path(args.out))
    print(f"released week {args.week} to {out}")
    return 0


def cmd_variants(args) -> int:
    from autograder.instructor.variants import grade_variants, select_variants, week_variants
    from autograder.results import render_table

    course = load_course()
    surprises = 0
    for week in _weeks(course, args.week):
        chosen = select_variants(week_variants(course, week), args.show) if args.show else None
        for outcome in grade_variants(course, week, args.jobs, chosen):
            mark = "ok  " if outcome.ok else "FAIL"
            print(f"{mark} week {week.number} {outcome.variant.label:<50} {outcome.verdict}", flush=True)
            if args.show:
                print(f"\n{outcome.variant.description}\n\n{render_table(outcome.result, outcome.variant.label)}\n")
            elif not outcome.ok:
                print(f"     the student's report: variants --week {week.number} --show {outcome.variant.name}")
            surprises += not outcome.ok
    return 1 if surprises else 0


def cmd_gradebook(args) -> int:
    from autograder.instructor.gradebook import grade_class

    course = load_course()
    week = course.week(args.week)
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        raise GradingError(f"submissions folder {submissions} does not exist")
    results = grade_class(course, week, submissions, Path(args.out), args.jobs)
    graded = [r for r in results.values() if r is not None]
    mean = sum(r.score for r in graded) / len(graded) if graded else 0.0
    print(f"graded {len(graded)} of {len(results)} students, mean {mean:.1f}/{week.max_points}: "
          f"{Path(args.out) / 'gradebook.csv'}, {Path(args.out) / 'gradebook.png'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder.instructor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    add_student_commands(commands)

    verify = commands.add_parser("verify", help="solutions earn full marks, stubs earn none")
    verify.add_argument("--week")
    verify.add_argument("--write-times", action="store_true",
                        help="store each test's time on the reference (its time limit follows from it)")
    verify.set_defaults(run=cmd_verify)

    generate = commands.add_parser("generate", help="source/ -> assignments/ + solutions/")
    generate.add_argument("--check", action="store_true", help="fail if the generated files are stale")
    generate.add_argument("--week", help="this week only (while other weeks are being written)")
    generate.set_defaults(run=cmd_generate)

    release = commands.add_parser("release", help="write one week's student repository")
    release.add_argument("--week", required=True)
    release.add_argument("--out", required=True)
    release.set_defaults(run=cmd_release)

    variants = commands.add_parser("variants", help="grade the buggy and correct variants")
    variants.add_argument("--week")
    variants.add_argument("--jobs", type=int, default=2, help="warm grading processes (default 2: one per core)")
    variants.add_argument("--show", nargs="+", metavar="NAME",
                          help="grade only these variants and print the report a student would get")
    variants.set_defaults(run=cmd_variants)

    gradebook = commands.add_parser("gradebook", help="grade a class: one folder per student")
    gradebook.add_argument("--week", required=True)
    gradebook.add_argument("--submissions", required=True, help="one folder per student")
    gradebook.add_argument("--out", required=True, help="where gradebook.csv/.png and results/ go")
    gradebook.add_argument("--jobs", type=int, default=2, help="students graded at once")
    gradebook.set_defaults(run=cmd_gradebook)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(build_parser(), argv)
