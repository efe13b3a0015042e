"""gradebook: a class of three toy students graded into a CSV and a figure."""

import csv
import json
import shutil

from autograder.instructor.gradebook import grade_class


def test_gradebook_rows_match_each_students_grade(toy_course, tmp_path):
    week = toy_course.week(1)
    submissions = tmp_path / "class"
    shutil.copytree(toy_course.root / "solutions", submissions / "ada")                    # full marks
    shutil.copytree(toy_course.root / "assignments", submissions / "bob" / "assignments")  # a cloned repo
    (submissions / "eve").mkdir()                                                          # nothing handed in
    (submissions / "mal" / "week01_toy").mkdir(parents=True)                               # breaks a rule
    (submissions / "mal" / "week01_toy" / "toy.py").write_text("import os\ndef add(a, b):\n    return a + b\n")
    results = grade_class(toy_course, week, submissions, tmp_path / "out")
    rows = list(csv.DictReader(open(tmp_path / "out" / "gradebook.csv")))
    assert [(r["student"], r["total"], r["add"], r["scale"]) for r in rows] == [
        ("ada", "5", "2", "3"), ("bob", "0", "0", "0"), ("eve", "0", "0", "0"), ("mal", "0", "0", "0")]
    assert rows[2]["note"] == "no week01_toy/ folder" and results["eve"] is None
    assert rows[3]["note"].startswith("review: breaks a rule (toy.py line 1: imports os")
    assert json.loads((tmp_path / "out" / "results" / "ada.json").read_text())["execution_time"] > 0
    assert (tmp_path / "out" / "gradebook.png").stat().st_size > 1000
    assert (tmp_path / "out" / "results" / "ada.json").is_file()
