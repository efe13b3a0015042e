"""gradebook on a made-up class of 30 from week 1's variants (run by hand: about 5 s a student).

Skipped unless PHYG004_GRADEBOOK_WEEK01=1: 26 gradings of week 1 cost about 2.5 minutes at two
jobs on an idle two-core machine, too much for every CI run; test_gradebook.py runs the same
gradebook on a toy class of 30 in CI.  Run it with

    PHYG004_GRADEBOOK_WEEK01=1 python -m pytest tests/framework/test_gradebook_week01.py -s

(-s shows the progress lines; the outputs stay in pytest's temporary folder, whose path it prints).
"""

import csv
import os
import re

import pytest
from _made_up_class import build_class

from autograder.instructor.gradebook import grade_class

pytestmark = pytest.mark.skipif(os.environ.get("PHYG004_GRADEBOOK_WEEK01") != "1",
                                reason="slow (about 2.5 min): set PHYG004_GRADEBOOK_WEEK01=1")

BUGS = {  # variant -> how many students make that mistake
    "gd_ascent": 3, "gd_without_start_row": 2, "grad_missing_factor_two": 4, "grad_sign": 1,
    "ls_armijo_sign": 2, "mb_missing_cross_term": 2, "mom_velocity_sign": 2, "lsd_stale_gradient": 1,
    "ls_ignores_t0": 1, "mom_nesterov": 1,
}
PLAN = {
    **{f"ref{i}": ("reference",) for i in range(7)},
    **{f"{name}{i}": ("variant", name) for name, count in BUGS.items() for i in range(count)},
    "syntax": ("edit", "        trajectory.append(x - lr * grad_fn(x))\n", "        trajectory.append(x - lr * grad_fn(x)\n"),
    "rulebreaker": ("edit", "import jax.numpy as jnp\n", "import jax.numpy as jnp\nimport subprocess\n"),
    "stub": ("stub",),
    "empty": ("empty",),
}


def test_week01_class_of_30(repo_course, tmp_path):
    week = repo_course.week(1)
    assert len(PLAN) == 30
    submissions = build_class(repo_course, week, "phyg004-week01", PLAN, tmp_path)
    grades = grade_class(repo_course, week, submissions, tmp_path / "out", jobs=2)
    print(f"\noutputs in {tmp_path / 'out'}")
    book = {row["student"]: row for row in csv.DictReader(open(tmp_path / "out" / "gradebook.csv"))}
    assert len(book) == 30 and len([g for g in grades if g.result is not None]) == 28
    assert all(book[f"ref{i}"]["total"] == book["ref0"]["max"] and not book[f"ref{i}"]["note"] for i in range(7))
    assert book["grad_missing_factor_two0"]["muller_brown_grad"] == "0"
    assert re.fullmatch(r"syntax error at line \d+ \(descent\.py\)", book["syntax"]["note"])
    assert book["rulebreaker"]["note"].startswith("breaks a rule (review): descent.py line")
    assert book["stub"]["note"] == "not submitted (the stubs are untouched)"
    report = (tmp_path / "out" / "report.html").read_text()
    assert "(4)</td>" in report  # the four students without the factor two share one first failing property
