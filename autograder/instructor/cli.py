"""The instructor's command line: python -m autograder.instructor COMMAND.

  generate   source/ -> assignments/ (stubs) + solutions/ (reference); --check for staleness
  check      everything CI checks about one week, each problem one line saying what to fix
  verify     solutions earn full marks and stubs earn none
  variants   every buggy variant loses exactly its tasks, every correct one loses none
  release    one week's student repository (refuses if solution text would leak), its
             Gradescope zip, or --due: push every week whose date has come to its template
  calendar   the weeks of course.toml with their dates, points and release status
  gradebook  grade a class into gradebook.csv, moodle.csv, nbgrader's gradebook.db, report.html
  lock       the student runtime's requirements.lock (hashes, every platform); --check: is it current
  grade, task-status   as in `python -m autograder`
"""

from __future__ import annotations

import argparse
import datetime
import json
import textwrap
from pathlib import Path

from autograder.cli import add_student_commands, run
from autograder.contract import Outcome
from autograder.course import REFERENCE_TIMES, CourseError, load_course


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
    from autograder.instructor.gradescope import build_gradescope_zip
    from autograder.instructor.publish import publish_due
    from autograder.instructor.release import release_week

    course = load_course()
    if args.due:
        if not args.remote or args.out or args.gradescope:
            raise CourseError("release --due needs --remote URL-PATTERN, and takes no --out or --gradescope")
        publish_due(course, args.remote, args.today or datetime.date.today())
        return 0
    if args.remote or args.today:
        raise CourseError("--remote and --today go with release --due")
    if not (args.out or args.gradescope):
        raise CourseError("release --week W needs --out DIR, --gradescope OUT.zip or both")
    week = course.week(args.week)
    if args.out:
        print(f"released week {week.number} to {release_week(course, week, Path(args.out))}")
    if args.gradescope:
        print(f"wrote Gradescope's autograder for week {week.number} to "
              f"{build_gradescope_zip(course, week, Path(args.gradescope))}")
    return 0


def cmd_calendar(args) -> int:
    from autograder.instructor.calendar import render_calendar

    print(render_calendar(load_course(), args.today or datetime.date.today()))
    return 0


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def cmd_variants(args) -> int:
    from autograder.instructor.variants import iter_variant_outcomes, select_variants, week_variants
    from autograder.results import render_table

    course = load_course()
    surprises = 0
    for week in _weeks(course, args.week):
        chosen = select_variants(week_variants(course, week), args.show) if args.show else None
        for outcome in iter_variant_outcomes(course, week, args.jobs, chosen):  # each as soon as it is graded
            mark = "ok  " if outcome.ok else "FAIL"
            print(f"{mark} week {week.number} {outcome.variant.label:<50} {outcome.verdict}", flush=True)
            if args.show:
                print(f"\n{outcome.variant.description}\n\n{render_table(outcome.result, outcome.variant.label)}\n")
            elif not outcome.ok:
                print(textwrap.indent(outcome.surprise(), "     "))
                print(f"     the student's whole report: variants --week {week.number} --show {outcome.variant.name}",
                      flush=True)
            surprises += not outcome.ok
    return 1 if surprises else 0


def cmd_check(args) -> int:
    from autograder.instructor.check import check_week

    course = load_course()
    week = course.week(args.week)
    print(f"checking week {week.number} ({week.folder})", flush=True)
    problems = check_week(course, week, notebook=not args.no_notebook, jobs=args.jobs,
                          report=lambda line: print(line, flush=True))
    print(f"week {week.number}: " + (f"{len(problems)} problem(s) to fix" if problems else "every check passed"))
    return 1 if problems else 0


def cmd_gradebook(args) -> int:
    from autograder.instructor.gradebook import grade_class

    course = load_course()
    week = course.week(args.week)
    out = Path(args.out)
    grades = grade_class(course, week, Path(args.submissions), out, args.jobs, roster=args.roster and Path(args.roster),
                         nbgrader_url=args.nbgrader_db, lms_column=args.lms_column)
    graded = [g for g in grades if g.result is not None]
    mean = sum(g.score for g in graded) / len(graded) if graded else 0.0
    flagged = sum(bool(g.note) for g in grades)
    print(f"graded {len(graded)} of {len(grades)} students, mean {mean:.1f}/{week.max_points}, "
          f"{flagged} with a note: {out / 'gradebook.csv'}, {out / 'report.html'}")
    return 0


def cmd_lock(args) -> int:
    from autograder.instructor.lock import LOCK, check_lock, write_lock

    root = Path(__file__).resolve().parents[2]
    if args.check:
        problems = check_lock(root)
        for problem in problems:
            print(f"stale: {problem}")
        print(f"run `python -m autograder.instructor lock` and commit {LOCK.relative_to(root)}" if problems
              else f"{LOCK.relative_to(root)} is current")
        return 1 if problems else 0
    lock = write_lock(root, args.python_version, args.exclude_newer)
    print(f"wrote {lock.relative_to(root)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder.instructor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    add_student_commands(commands)

    check = commands.add_parser("check", help="everything CI checks about one week, one line per problem")
    check.add_argument("--week", required=True)
    check.add_argument("--no-notebook", action="store_true", help="do not run the solution notebook (the slow part)")
    check.add_argument("--jobs", type=int, default=2, help="warm processes that grade the variants")
    check.set_defaults(run=cmd_check)

    verify = commands.add_parser("verify", help="solutions earn full marks, stubs earn none")
    verify.add_argument("--week")
    verify.add_argument("--write-times", action="store_true",
                        help="store each test's time on the reference (its time limit follows from it)")
    verify.set_defaults(run=cmd_verify)

    generate = commands.add_parser("generate", help="source/ -> assignments/ + solutions/")
    generate.add_argument("--check", action="store_true", help="fail if the generated files are stale")
    generate.add_argument("--week", help="this week only (while other weeks are being written)")
    generate.set_defaults(run=cmd_generate)

    release = commands.add_parser("release", help="write one week's student repository or Gradescope zip, "
                                  "or push the weeks that are due")
    which = release.add_mutually_exclusive_group(required=True)
    which.add_argument("--week")
    which.add_argument("--due", action="store_true",
                       help="release every week whose date has come and whose template repository has no main")
    release.add_argument("--out", help="write the week's student repository (a git repository) here")
    release.add_argument("--gradescope", metavar="OUT.zip", help="write the week's Gradescope autograder zip here")
    release.add_argument("--remote", metavar="URL-PATTERN",
                         help="with --due: each week's template repository, e.g. "
                              "https://github.com/ORG/phyg004-week{number:02d}.git ({number}, {folder})")
    release.add_argument("--today", type=_date, help="with --due: the date to act on (default: today)")
    release.set_defaults(run=cmd_release)

    calendar = commands.add_parser("calendar", help="the course calendar: dates, points, release status")
    calendar.add_argument("--today", type=_date, help="the date the statuses refer to (default: today)")
    calendar.set_defaults(run=cmd_calendar)

    variants = commands.add_parser("variants", help="grade the buggy and correct variants")
    variants.add_argument("--week")
    variants.add_argument("--jobs", type=int, default=2, help="warm grading processes (default 2: one per core)")
    variants.add_argument("--show", nargs="+", metavar="NAME",
                          help="grade only these variants and print the report a student would get")
    variants.set_defaults(run=cmd_variants)

    gradebook = commands.add_parser("gradebook", help="grade a class: one folder per student")
    gradebook.add_argument("--week", required=True)
    gradebook.add_argument("--submissions", required=True,
                           help="one folder per student, e.g. the SLUG-submissions/ of `gh classroom clone student-repos`")
    gradebook.add_argument("--out", required=True,
                           help="where gradebook.csv, moodle.csv, gradebook.db, report.html and results/ go")
    gradebook.add_argument("--jobs", type=int, default=2, help="students graded at once")
    gradebook.add_argument("--roster", help="GitHub Classroom's classroom_roster.csv: LMS identifiers, absent students")
    gradebook.add_argument("--nbgrader-db", metavar="URL",
                           help="nbgrader database (SQLAlchemy URL; default sqlite:///OUT/gradebook.db)")
    gradebook.add_argument("--lms-column", metavar="NAME", help='grade column of moodle.csv (default "Week N: title")')
    gradebook.set_defaults(run=cmd_gradebook)

    lock = commands.add_parser("lock", help="regenerate the student runtime's requirements.lock")
    lock.add_argument("--check", action="store_true", help="fail if the lock is not what regenerating it gives")
    lock.add_argument("--python-version", help="the oldest Python served (default: requires-python's)")
    lock.add_argument("--exclude-newer", metavar="TIMESTAMP",
                      help="only what the registry offered then (default: now), e.g. 2026-12-01T00:00:00Z")
    lock.set_defaults(run=cmd_lock)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(build_parser(), argv)
