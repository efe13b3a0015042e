"""The same grades from two revisions of the tests: every variant of a week graded by both.

    python tests/bench/compare_grades.py --base REV --week 1 [--week 2 ...] [--jobs 2]

For work on the tests that must not change a grade (fewer compiles, shared shapes, jitted
oracles): the submissions are this checkout's reference of each week and every variant of
its tests/<week>/variants/ applied to it; each is graded on the whole week by this
checkout's tests and grader and by REV's (checked out in a temporary git worktree), in warm
trusted processes (autograder.instructor.batch), and every task's points and status are
compared.  Prints a line per week and every difference; exits 1 if there is one.

Each side runs as `python compare_grades.py --grade-with ROOT PLAN.json OUT.json` with ROOT
first on its path, so that it imports that revision's grader.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def grade_with(root: Path, plan_path: Path, out_path: Path) -> None:
    """Grade the plan's submissions with the grader and tests of `root`: {label: {task: [points, status]}}."""
    sys.path.insert(0, str(root))
    from autograder.course import load_course
    from autograder.instructor.batch import grade_trusted

    plan = json.loads(plan_path.read_text())
    course = load_course(root)
    week = course.week(plan["week"])
    results = grade_trusted(course, week, [Path(s) for s in plan["submissions"].values()], plan["jobs"])
    out_path.write_text(json.dumps({label: {task.name: [task.points, task.status.value] for task in result.tasks}
                                    for label, result in zip(plan["submissions"], results)}, indent=1))


def write_submissions(week_spec: str, folder: Path) -> dict[str, str]:
    """This checkout's reference and every variant of the week, each a folder laid out like assignments/."""
    from autograder.course import load_course
    from autograder.instructor.variants import week_variants, write_variant

    course = load_course(ROOT)
    week = course.week(week_spec)
    reference = folder / "reference"
    shutil.copytree(course.root / "solutions" / week.folder, reference / week.folder)
    submissions = {"reference": str(reference)}
    for index, variant in enumerate(week_variants(course, week)):
        submissions[variant.label] = str(write_variant(course, week, variant, folder / f"variant{index}"))
    return submissions


def grade_side(root: Path, week: str, submissions: dict[str, str], jobs: int, scratch: Path) -> dict:
    """One side's grades, computed in a process that imports `root`'s grader."""
    plan, out = scratch / f"plan-{root.name}.json", scratch / f"grades-{root.name}.json"
    plan.write_text(json.dumps({"week": week, "submissions": submissions, "jobs": jobs}))
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--grade-with", str(root), str(plan), str(out)],
                   cwd=root, env=env, check=True)
    return json.loads(out.read_text())


def differences(head: dict, base: dict) -> list[str]:
    """One line per submission and task whose points or status differ."""
    lines = []
    for label, tasks in head.items():
        for task, grade in tasks.items():
            other = base.get(label, {}).get(task)
            if other != grade:
                lines.append(f"  {label}, task {task}: this checkout {grade}, base {other}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the revision whose tests grade the same submissions")
    parser.add_argument("--week", action="append", default=[])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--grade-with", nargs=3, metavar=("ROOT", "PLAN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.grade_with:
        grade_with(*(Path(p) for p in args.grade_with))
        return 0
    if not args.base or not args.week:
        parser.error("--base and at least one --week are needed")
    sys.path.insert(0, str(ROOT))  # this checkout writes the submissions
    found = 0
    with tempfile.TemporaryDirectory(prefix="phyg004-compare-") as tmp:
        scratch = Path(tmp)
        base_root = scratch / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(base_root), args.base],
                       check=True)
        try:
            for week in args.week:
                submissions = write_submissions(week, scratch / f"week{week}")
                head = grade_side(ROOT, week, submissions, args.jobs, scratch)
                base = grade_side(base_root, week, submissions, args.jobs, scratch)
                lines = differences(head, base)
                found += len(lines)
                print(f"week {week}: {len(submissions)} submissions (the reference and its variants), "
                      f"{len(lines)} task grades differ", flush=True)
                for line in lines:
                    print(line, flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_root)], check=True)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
