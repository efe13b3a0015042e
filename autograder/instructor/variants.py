"""Tests of the tests: every buggy variant loses exactly its tasks, every correct one none.

The variants of a module are patches of its reference, in `tests/<week>/variants/<module
stem>.diff` (format: autograder.instructor.patches).  Each variant is applied to a copy of
`solutions/<week>/` and graded on the whole week, in warm processes (trusted code:
autograder.instructor.batch).  A buggy variant passes the check when the tasks it loses are
exactly the tasks its header names; a correct variant when it loses none.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

from autograder.course import Course, Week
from autograder.instructor.batch import iter_trusted
from autograder.instructor.patches import Variant, VariantError, apply_variant, parse_variants
from autograder.results import WeekResult


def week_variants(course: Course, week: Week) -> list[Variant]:
    """Every variant of the week's modules, checked against course.toml."""
    folder = course.root / "tests" / week.folder / "variants"
    variants = []
    for path in sorted(folder.glob("*.diff")):
        module = f"{path.stem}.py"
        if module not in week.modules:
            raise VariantError(f"{path}: {module} is not a module of week {week.number}")
        variants += parse_variants(path, module)
    known = {task.name for task in week.tasks}
    for variant in variants:
        if not variant.tasks <= known:
            raise VariantError(f"{variant.where}: unknown tasks {sorted(variant.tasks - known)}")
    names = [variant.label for variant in variants]
    if len(set(names)) != len(names):
        raise VariantError(f"{folder}: two variants share a name")
    return variants


def write_variant(course: Course, week: Week, variant: Variant, root: Path) -> Path:
    """A submission laid out like assignments/ at `root`: the reference with `variant` applied."""
    shutil.copytree(course.root / "solutions" / week.folder, root / week.folder)
    module = root / week.folder / variant.module
    module.write_text(apply_variant(module.read_text(encoding="utf-8"), variant), encoding="utf-8")
    return root


@dataclasses.dataclass(frozen=True)
class VariantOutcome:
    variant: Variant
    result: WeekResult  # the grade a student with this code gets, feedback included

    @property
    def lost(self) -> frozenset[str]:
        """The tasks that did not earn their points."""
        return frozenset(t.name for t in self.result.tasks if t.points < t.max_points)

    @property
    def expected(self) -> frozenset[str]:
        """The tasks the variant must lose: its tasks if buggy, none if correct."""
        return self.variant.tasks if self.variant.kind == "buggy" else frozenset()

    @property
    def ok(self) -> bool:
        return self.lost == self.expected

    @property
    def verdict(self) -> str:
        lost = ", ".join(sorted(self.lost)) or "nothing"
        expected = ", ".join(sorted(self.expected)) or "nothing"
        return f"loses {lost}" + ("" if self.ok else f"   (expected to lose {expected})")

    def surprise(self) -> str:
        """Why the verdict surprised: the feedback of each task lost that should not be, and
        each task that should be lost but passed (no test catches the variant there)."""
        lines = []
        for task in self.result.tasks:
            if task.name in self.lost - self.expected:
                lines += [f"[{task.name}] lost ({task.status.words}); the student reads:",
                          textwrap.indent(task.feedback.strip(), "    ")]
            elif task.name in self.expected - self.lost:
                lines.append(f"[{task.name}] passed all {task.tests_total} of its tests: none catches this variant")
        return "\n".join(lines)


def iter_variant_outcomes(course: Course, week: Week, jobs: int = 2,
                          variants: list[Variant] | None = None) -> Iterator[VariantOutcome]:
    """Grade every variant of `week` (or the given ones) on the whole week; yield each outcome
    as soon as it is graded (in the order the gradings finish)."""
    variants = week_variants(course, week) if variants is None else variants
    with tempfile.TemporaryDirectory(prefix="variants-") as tmp:
        submissions = [write_variant(course, week, variant, Path(tmp) / str(index))
                       for index, variant in enumerate(variants)]
        for index, result in iter_trusted(course, week, submissions, jobs):
            yield VariantOutcome(variants[index], result)


def grade_variants(course: Course, week: Week, jobs: int = 2,
                   variants: list[Variant] | None = None) -> list[VariantOutcome]:
    """Grade every variant of `week` (or the given ones) on the whole week, in their order."""
    variants = week_variants(course, week) if variants is None else variants
    outcomes = {outcome.variant.label: outcome for outcome in iter_variant_outcomes(course, week, jobs, variants)}
    return [outcomes[variant.label] for variant in variants]


def select_variants(variants: list[Variant], names: list[str]) -> list[Variant]:
    """The variants called NAME (or MODULE/KIND_NAME, as the report prints them)."""
    chosen = [v for v in variants if v.name in names or v.label in names]
    unknown = set(names) - {v.name for v in chosen} - {v.label for v in chosen}
    if unknown:
        raise VariantError(f"no variant called {', '.join(sorted(unknown))}")
    return chosen
