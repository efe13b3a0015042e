"""Tests of the tests: grade every buggy and correct variant of a week's modules.

A variant is a file ``tests/<week>/variants/<module stem>/{buggy,correct}_*.py`` appended to
the reference module (its definitions replace the reference's).  It declares
``EXPECT_FAILING = [...]``, the tasks that must lose their points: a buggy variant is graded
on those tasks only, and each must fail; a correct variant (``EXPECT_FAILING = []``) is
graded on the whole week, and every task must pass.  A correct variant covers the tasks
named like the functions it defines, and those it lists in ``COVERS = [...]`` (for tasks
such as "pooling" that span several functions).
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.course import Course, CourseError, Week
from autograder.results import score_week
from autograder.runner import run_week


@dataclasses.dataclass(frozen=True)
class Variant:
    path: Path
    module: str  # e.g. "descent.py"
    expect_failing: frozenset[str]
    covers: frozenset[str]  # tasks named like its functions, and those listed in COVERS
    description: str

    @property
    def name(self) -> str:
        return f"{Path(self.module).stem}/{self.path.stem}"


def load_variant(path: Path, week: Week) -> Variant:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    constants = {target.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if getattr(target, "id", None) in ("EXPECT_FAILING", "COVERS")}
    expected = frozenset(constants["EXPECT_FAILING"]) if "EXPECT_FAILING" in constants else None
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    covers = frozenset(defined & {task.name for task in week.tasks}) | frozenset(constants.get("COVERS", ()))
    if expected is None:
        raise CourseError(f"{path}: a variant must set EXPECT_FAILING = [...]")
    if path.stem.startswith("correct_") and expected:
        raise CourseError(f"{path}: a correct variant must expect no failing task")
    if path.stem.startswith("buggy_") and not expected:
        raise CourseError(f"{path}: a buggy variant must name the tasks it breaks")
    unknown = (expected | covers) - {task.name for task in week.tasks}
    if unknown:
        raise CourseError(f"{path}: EXPECT_FAILING or COVERS names unknown tasks {sorted(unknown)}")
    module = f"{path.parent.name}.py"
    if module not in week.modules:
        raise CourseError(f"{path}: folder {path.parent.name}/ matches no module of week {week.number}")
    first_line = (ast.get_docstring(tree) or "").strip().splitlines()
    return Variant(path, module, expected, covers, first_line[0] if first_line else "")


def week_variants(course: Course, week: Week) -> list[Variant]:
    folder = course.root / "tests" / week.folder / "variants"
    paths = sorted(folder.glob("*/buggy_*.py")) + sorted(folder.glob("*/correct_*.py"))
    return [load_variant(path, week) for path in paths]


@dataclasses.dataclass(frozen=True)
class VariantOutcome:
    variant: Variant
    failing: frozenset[str]  # among the tasks that were graded
    graded: frozenset[str]

    @property
    def ok(self) -> bool:
        return self.failing == self.variant.expect_failing & self.graded


def grade_variant(course: Course, week: Week, variant: Variant) -> VariantOutcome:
    """Grade a variant: a buggy one on the tasks it must break (each must fail: fast, since
    a task stops at its first failure), a correct one on the whole week (all must pass)."""
    tasks = sorted(variant.expect_failing) or None
    with tempfile.TemporaryDirectory(prefix="variant-") as tmp:
        submission = Path(tmp)
        shutil.copytree(course.root / "solutions" / week.folder, submission / week.folder)
        module = submission / week.folder / variant.module
        module.write_text(module.read_text(encoding="utf-8") + f"\n\n# --- variant {variant.name} ---\n"
                          + variant.path.read_text(encoding="utf-8"), encoding="utf-8")
        result = score_week(week, run_week(course, week, submission, tasks), 0.0, tasks)
    return VariantOutcome(variant, frozenset(t.name for t in result.tasks if t.status != "passed"),
                          frozenset(t.name for t in result.tasks))


def grade_variants(course: Course, week: Week, jobs: int = 2) -> list[VariantOutcome]:
    """Grade all variants of `week`, `jobs` child processes at a time (each one is a grader run)."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda variant: grade_variant(course, week, variant), week_variants(course, week)))
