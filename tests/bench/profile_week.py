"""Where one week's grade spends its time: a table per week (report only, no assertions).

    python tests/bench/profile_week.py --week 6 [--week 5 ...] [--submission DIR] [--runs N]
                                        [--cold] [--json PATH]

Each run is a whole `python -m autograder grade` process (what a student waits for), with
phyg004_profile_plugin loaded into its grading child.  The rows:

  interpreter + pytest          the child's start until pytest loads its plugins
  conftest + grader plugin      pytest's configuration (hypothesis, the grader's plugin)
  import numpy / jax / backend  imported before collection, each timed
  collection                    the test modules and their oracles
  JAX trace / lower / compile   JAX's own durations (jax.monitoring), in tests and outside
  test compute                  the tests' time less JAX's trace, lower and compile
  child teardown                the last test until the session ends
  grader overhead               the rest of the whole process: the parent's start and
                                imports, the rules check, the sandbox copy, process exit
                                (the rules check and the sandbox copy are also timed alone)

--cold points the JAX compilation cache at a fresh folder for the first run (later runs
reuse it, as a student's second grade does); without it the grade uses the usual cache.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from autograder.course import load_course  # noqa: E402
from autograder.grading import rule_violations  # noqa: E402
from autograder.sandbox import build_sandbox  # noqa: E402


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def grade_once(week: str, submission: Path, env: dict[str, str]) -> tuple[float, list[dict], str]:
    """One whole grading process: (its wall seconds, the child's profile records, its output)."""
    with tempfile.TemporaryDirectory(prefix="phyg004-profile-") as scratch:
        out = Path(scratch) / "profile.jsonl"
        env = {**env, "PHYG004_PROFILE_OUT": str(out),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")])),
               "PYTEST_ADDOPTS": " ".join(filter(None, [env.get("PYTEST_ADDOPTS"), "-p phyg004_profile_plugin"]))}
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "autograder", "grade", "--week", week,
                               "--submission", str(submission)], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return wall, records, done.stdout + done.stderr


def phases(wall: float, records: list[dict]) -> dict[str, float]:
    """The rows of the table for one run (a restarted child adds its records up)."""
    rows = dict.fromkeys(["interpreter + pytest", "conftest + grader plugin", "import numpy", "import jax",
                          "jax backend", "collection", "JAX trace", "JAX lower", "JAX compile",
                          "test compute", "child teardown"], 0.0)
    counts = {"tests": 0, "compiles": 0, "cache hits": 0}
    for record in records:
        rows["interpreter + pytest"] += record["started"] or 0.0
        rows["conftest + grader plugin"] += record["configure"]
        for name, seconds in record["imports"].items():
            rows["jax backend" if name == "jax backend" else f"import {name}"] += seconds
        rows["collection"] += record["collection"]
        rows["child teardown"] += record["finish"]
        for bucket in [*record["tests"], record["outside"]]:
            for kind in ("trace", "lower", "compile"):
                rows[f"JAX {kind}"] += bucket[kind]
            counts["compiles"] += bucket["compiles"]
            counts["cache hits"] += bucket["cache_hits"]
        for test in record["tests"]:
            rows["test compute"] += test["seconds"] - test["trace"] - test["lower"] - test["compile"]
            counts["tests"] += 1
        # JAX work during collection is inside "collection": do not count it twice
        rows["collection"] -= sum(record["outside"][kind] for kind in ("trace", "lower", "compile"))
    rows["grader overhead"] = wall - sum(rows.values())
    rows["whole process (wall)"] = wall
    return {**rows, **{f"# {name}": float(value) for name, value in counts.items()}}


def slowest(records: list[dict], n: int = 5) -> list[str]:
    tests = sorted((t for r in records for t in r["tests"]), key=lambda t: -t["seconds"])[:n]
    return [f"  {t['seconds']:6.2f} s (compile {t['compile']:.2f}, trace {t['trace']:.2f}, "
            f"{t['compiles']} compiles)  {t['nodeid'].split('::', 1)[-1]}" for t in tests]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def profile_week(spec: str, submission: Path, runs: int, cold: bool) -> dict:
    """Every run's rows, and the rules check and sandbox copy timed on their own."""
    course = load_course(ROOT)
    week = course.week(spec)
    with tempfile.TemporaryDirectory(prefix="phyg004-profile-") as scratch:
        rules = _seconds(lambda: rule_violations(week, submission))
        sandbox = _seconds(lambda: build_sandbox(course, week, submission.resolve(), Path(scratch) / "sandbox"))
        env = dict(os.environ)
        if cold:
            env["PHYG004_JAX_CACHE"] = str(Path(scratch) / "jax-cache")
        results = [grade_once(str(week.number), submission, env) for _ in range(runs)]
    for wall, records, output in results:
        if not records:
            raise SystemExit(f"week {week.number}: the grading child left no profile:\n{output[-2000:]}")
    return {"week": week.folder, "rules check": rules, "sandbox copy": sandbox,
            "runs": [phases(wall, records) for wall, records, _ in results],
            "slowest": slowest(results[0][1]), "output": results[-1][2]}


def render(profile: dict) -> str:
    runs = profile["runs"]
    header = f"{'phase':<28}" + "".join(f"{'run ' + str(i + 1):>10}" for i in range(len(runs)))
    lines = [f"== {profile['week']}  (rules check {profile['rules check']:.3f} s, "
             f"sandbox copy {profile['sandbox copy']:.3f} s, timed alone)", header]
    for row in runs[0]:
        if row.startswith("#"):
            lines.append(f"{row:<28}" + "".join(f"{run[row]:>10.0f}" for run in runs))
        else:
            lines.append(f"{row:<28}" + "".join(f"{run[row]:>10.2f}" for run in runs))
    lines.append("slowest tests of run 1:")
    lines += profile["slowest"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--week", action="append", required=True, help="repeatable")
    parser.add_argument("--submission", type=Path, default=ROOT / "solutions")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cold", action="store_true", help="start from an empty JAX compilation cache")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    profiles = [profile_week(spec, args.submission.resolve(), args.runs, args.cold) for spec in args.week]
    for profile in profiles:
        print(render(profile))
    if args.json:
        args.json.write_text(json.dumps([{k: v for k, v in p.items() if k != "output"} for p in profiles], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
