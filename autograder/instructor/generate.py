"""source/ -> assignments/ (stubs) and solutions/ (reference), deterministically.

Modules go through autograder.instructor.markers; notebooks are checked with the same marker
rule, then go through nbgrader's own ClearSolutions and ClearOutput preprocessors (stub) or
marker removal and ClearOutput (solution); every other file (the README handout, small data
files) is copied verbatim.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.course import Course, CourseError, Week
from autograder.instructor.markers import find_regions, strip_markers, stub_module

IGNORED = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}
TREES = ("assignments", "solutions")


def _notebook(text: str, filename: str, stub: bool) -> str:
    import nbformat
    from nbgrader.preprocessors import ClearOutput, ClearSolutions

    notebook = nbformat.reads(text, as_version=4)
    for cell in notebook.cells:  # the marker rule of modules, before nbgrader sees a cell
        find_regions(cell.source, f"{filename} (cell {cell.get('id', '?')})")
    if stub:
        notebook, _ = ClearSolutions(enforce_metadata=False).preprocess(notebook, {})
    else:
        for cell in notebook.cells:
            cell.source = strip_markers(cell.source, f"{filename} (cell {cell.get('id', '?')})").rstrip("\n")
    notebook, _ = ClearOutput().preprocess(notebook, {})
    return nbformat.writes(notebook) + "\n"


def _week_files(course: Course, week: Week) -> dict[str, dict[Path, str]]:
    """Relative path -> text of every generated file of `week`, for both trees."""
    source = course.root / "source" / week.folder
    if not source.is_dir():
        raise CourseError(f"course.toml lists week {week.number} but {source} does not exist")
    out = {tree: {} for tree in TREES}
    for path in sorted(source.rglob("*")):
        if path.is_dir() or IGNORED.intersection(path.parts):
            continue
        relative = Path(week.folder) / path.relative_to(source)
        text = path.read_text(encoding="utf-8")
        label = f"source/{relative}"
        if path.suffix == ".py":
            out["assignments"][relative] = stub_module(text, label, week.number)
            out["solutions"][relative] = strip_markers(text, label)
        elif path.suffix == ".ipynb":
            out["assignments"][relative] = _notebook(text, label, stub=True)
            out["solutions"][relative] = _notebook(text, label, stub=False)
        else:
            out["assignments"][relative] = out["solutions"][relative] = text
    missing = missing_files(course, week)
    if missing:
        raise CourseError(missing[0])
    return out


HANDOUT = "README.md"  # every week's handout, beside its modules and notebook


def missing_files(course: Course, week: Week) -> list[str]:
    """One line for each file the week lacks in source/: a module or the notebook that
    course.toml declares, or the handout README.md that every week has."""
    folder = course.root / "source" / week.folder
    needed = [(name, f"course.toml declares it for week {week.number} (write it, or fix the name there)")
              for name in (*week.modules, week.notebook)]
    needed.append((HANDOUT, "every week has a handout (what to implement, in which order, how to grade it)"))
    return [f"source/{week.folder}/{name} does not exist: {why}"
            for name, why in needed if not (folder / name).is_file()]


def expected_files(course: Course, weeks: list[Week] | None = None) -> dict[str, dict[Path, str]]:
    files = {tree: {} for tree in TREES}
    for week in weeks or course.weeks:
        for tree, week_files in _week_files(course, week).items():
            files[tree].update(week_files)
    return files


def stale_files(course: Course, weeks: list[Week] | None = None) -> list[str]:
    """Generated files that are missing, differ from what generate writes, or should not exist.

    With `weeks`, only their folders are checked; otherwise the whole trees are.
    """
    stale = []
    for tree, files in expected_files(course, weeks).items():
        root = course.root / tree
        folders = [root / week.folder for week in weeks] if weeks else [root]
        on_disk = {p.relative_to(root) for folder in folders if folder.is_dir() for p in folder.rglob("*")
                   if p.is_file() and not IGNORED.intersection(p.parts)}
        for relative, text in sorted(files.items()):
            path = root / relative
            if not path.is_file():
                stale.append(f"{tree}/{relative} (missing)")
            elif path.read_text(encoding="utf-8") != text:
                stale.append(f"{tree}/{relative} (differs from source/)")
        stale += [f"{tree}/{relative} (not generated from source/)" for relative in sorted(on_disk - set(files))]
    return stale


def write_files(course: Course, weeks: list[Week] | None = None) -> int:
    """Rewrite assignments/ and solutions/ (all weeks, or only `weeks`) from source/.

    Returns the number of files written.  Whole trees are rewritten when all weeks are, so
    that files of a week removed from course.toml disappear too.
    """
    files = expected_files(course, weeks)  # fails before anything is removed
    count = 0
    for tree, tree_files in files.items():
        targets = [course.root / tree / week.folder for week in weeks] if weeks else [course.root / tree]
        for target in targets:
            if target.exists():
                shutil.rmtree(target)
        for relative, text in tree_files.items():
            path = course.root / tree / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            count += 1
    return count
