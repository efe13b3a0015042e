"""A made-up class for the gradebook tests, laid out as `gh classroom clone student-repos` makes it.

`build_class` writes `<slug>-submissions/<slug>-<login>/` for each student of a plan, from the
week's reference (`solutions/`), its stubs (`assignments/`) and its variants (patches of the
reference, autograder.instructor.patches), each repository either a clone of the release
(`assignments/<week>/`) or laid out like `assignments/` (`<week>/`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.course import Course, Week
from autograder.instructor.variants import week_variants, write_variant

# What a student hands in: ("reference",), ("stub",), ("variant", NAME), ("edit", OLD, NEW) on the
# reference, ("stub-edit", OLD, NEW) on the stub, or ("empty",): a repository without the week.
Work = tuple


def variants_by_name(course: Course, week: Week) -> dict:
    return {variant.name: variant for variant in week_variants(course, week)}


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} is not in the module"
    return text.replace(old, new, 1)


def build_class(course: Course, week: Week, slug: str, plan: dict[str, Work], parent: Path) -> Path:
    """Write the class of `plan` (login -> work) into parent/<slug>-submissions/; returns that folder."""
    submissions = parent / f"{slug}-submissions"
    variants = variants_by_name(course, week)
    for index, (login, work) in enumerate(plan.items()):
        repo = submissions / f"{slug}-{login}"
        repo.mkdir(parents=True)
        if work[0] == "empty":
            (repo / "README.md").write_text("nothing here\n")
            continue
        root = repo / "assignments" if index % 2 else repo  # both layouts
        folder = root / week.folder
        if work[0] == "variant":
            write_variant(course, week, variants[work[1]], root)
            continue
        tree = "assignments" if work[0].startswith("stub") else "solutions"
        shutil.copytree(course.root / tree / week.folder, folder)
        if work[0] in ("edit", "stub-edit"):
            module = folder / week.modules[0]
            module.write_text(_edit(module.read_text(encoding="utf-8"), work[1], work[2]), encoding="utf-8")
    return submissions
