"""Write one week's standalone student repository, and prove that no solution leaks into it.

The release holds the week's stubs and notebook (assignments/), its graded tests (without
the variants), the grader runtime (the modules students need, not the instructor tools),
install metadata, a student README and the Classroom workflow with one step per task.
`find_leaks` checks it mechanically: no solution marker, no solutions/ or variants/ folder,
and no two significant lines (or one long line) of a solution region or of a variant in any
released file.
"""

from __future__ import annotations

import json
import shutil
import string
from pathlib import Path

from autograder.course import Course, CourseError, Week
from autograder.markers import find_regions
from autograder.results import runner_id

PACKAGE = Path(__file__).resolve().parent
INSTRUCTOR_REPO = PACKAGE.parent  # holds pyproject.toml and .github/workflows/classroom.yml.in
RUNTIME_MODULES = ("__init__.py", "__main__.py", "checks.py", "cli.py", "course.py", "feedback.py",
                   "pytest_plugin.py", "results.py", "runner.py", "submission.py")
SIGNIFICANT_LINE = 20  # shorter lines (`return x`, `x0 = 0.0`) are too common to prove a leak
# One shared line such as `for _ in range(n_steps):` proves nothing; two lines of the same
# solution in one released file, or one long line, do.
LEAK_LINES, LONG_LINE = 2, 50

TASK_STEP = """\
      - name: ${task}
        id: ${rid}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: ${task}
          command: python -m autograder task-status --week ${week} --results results.json ${task}
          timeout: 1
          max-score: ${points}"""

STUDENT_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "phyg004-{folder_dash}"
version = "1.0.0"
description = "PHYG004 week {number}: {title}"
requires-python = ">=3.10"
dependencies = {dependencies}

[project.optional-dependencies]
notebook = ["jupyterlab", "ipykernel"]

[tool.setuptools]
packages = ["autograder"]

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "-p no:cacheprovider"
"""

STUDENT_README = """\
# PHYG004 Machine Learning in Physics, week {number}: {title}

Due {due}. The handout is [`assignments/{folder}/README.md`](assignments/{folder}/README.md).

## Set up (once)

```
python -m pip install -e ".[notebook]"
```

## Work

1. Implement the functions of {modules} in `assignments/{folder}/`. Each docstring is the
   contract: shapes, conventions, what must raise `ValueError`.
2. Explore the physics in the notebook `assignments/{folder}/{notebook}` (it imports your module).
3. Grade yourself, with the same tests and points as GitHub Classroom:

   ```
   python -m autograder grade --week {number}
   ```

   Each task earns its points when all its checks pass. A failed task names the property
   that broke (in physics words), the smallest input that breaks it, and a hint.
   `python -m pytest tests/{folder}` runs the same tests with fresh random inputs each
   time; the grader uses a fixed, derandomized set.
4. Commit and push: the Classroom run grades every push and shows `Points X/Y`.

| task | points | what |
|---|---|---|
{task_rows}
"""


def _render_workflow(course: Course, week: Week) -> str:
    template = string.Template((INSTRUCTOR_REPO / ".github/workflows/classroom.yml.in").read_text())
    steps = [string.Template(TASK_STEP).substitute(task=t.name, rid=runner_id(t.name), week=week.number,
                                                   points=f"{t.points:g}") for t in week.tasks]
    env = [f'          {runner_id(t.name).upper()}_RESULTS: "${{{{steps.{runner_id(t.name)}.outputs.result}}}}"'
           for t in week.tasks]
    return template.substitute(week_number=week.number, week_title=week.title, task_steps="\n".join(steps),
                               reporter_env="\n".join(env), runners=",".join(runner_id(t.name) for t in week.tasks))


def _course_toml(course: Course, week: Week) -> str:
    """course.toml with this week only, in the same format."""
    text = (course.root / "course.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("\n[[weeks]]\n")
    mine = [block for block in blocks if f'folder = "{week.folder}"' in block]
    return head + "\n[[weeks]]\n" + mine[0].rstrip() + "\n"


def _dependencies() -> str:
    from autograder.course import tomllib

    data = tomllib.loads((INSTRUCTOR_REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return json.dumps(data["project"]["dependencies"])


def release_week(course: Course, week: Week, out: Path) -> Path:
    out = out.resolve()
    if out.exists() and any(out.iterdir()):
        raise CourseError(f"{out} is not empty: release into a new folder")
    shutil.copytree(course.root / "assignments" / week.folder, out / "assignments" / week.folder)
    shutil.copytree(course.root / "tests" / week.folder, out / "tests" / week.folder,
                    ignore=shutil.ignore_patterns("variants", "__pycache__"))
    shutil.copy2(course.root / "tests" / "conftest.py", out / "tests" / "conftest.py")
    (out / "autograder").mkdir()
    for name in RUNTIME_MODULES:
        shutil.copy2(PACKAGE / name, out / "autograder" / name)
    (out / "course.toml").write_text(_course_toml(course, week), encoding="utf-8")
    (out / "pyproject.toml").write_text(STUDENT_PYPROJECT.format(
        folder_dash=week.folder.replace("_", "-"), number=week.number, title=week.title,
        dependencies=_dependencies()), encoding="utf-8")
    (out / "README.md").write_text(STUDENT_README.format(
        number=week.number, title=week.title, due=week.due, folder=week.folder, notebook=week.notebook,
        modules=", ".join(f"`{m}`" for m in week.modules),
        task_rows="\n".join(f"| `{t.name}` | {t.points:g} | {t.summary} |" for t in week.tasks)), encoding="utf-8")
    (out / ".gitignore").write_text("__pycache__/\n*.egg-info/\n.hypothesis/\nresults.json\n")
    workflow = out / ".github" / "workflows" / "classroom.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(_render_workflow(course, week), encoding="utf-8")
    leaks = find_leaks(course, week, out)
    if leaks:
        shutil.rmtree(out)
        raise CourseError("solution text would leak into the release:\n" + "\n".join(leaks))
    return out


def _stripped_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def _notebook_cells(path: Path) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def _solution_lines(course: Course, week: Week) -> dict[str, str]:
    """Significant stripped lines that only the solutions and variants hold -> where from.

    Lines of the solution regions, minus those the stub keeps anyway (given code); lines of
    the variants, minus those of the stub and of the released tests (a variant repeats the
    stub's signatures and may repeat a test's oracle: neither is a secret).
    """
    lines = {}
    source = course.root / "source" / week.folder
    for path in sorted(source.rglob("*.py")) + sorted(source.rglob("*.ipynb")):
        for cell in [path.read_text(encoding="utf-8")] if path.suffix == ".py" else _notebook_cells(path):
            text = cell.splitlines()
            for region in find_regions(cell, str(path)):
                for line in text[region.begin: region.end - 1]:
                    lines.setdefault(line.strip(), f"{path.relative_to(course.root)} (solution region)")
    stub = set()
    for path in (course.root / "assignments" / week.folder).rglob("*"):
        if path.suffix == ".py":
            stub |= _stripped_lines(path.read_text(encoding="utf-8"))
        elif path.suffix == ".ipynb":
            stub |= {line for cell in _notebook_cells(path) for line in _stripped_lines(cell)}
    tests = set()
    for path in (course.root / "tests" / week.folder).rglob("*.py"):
        if "variants" not in path.relative_to(course.root / "tests" / week.folder).parts:
            tests |= _stripped_lines(path.read_text(encoding="utf-8"))
    lines = {line: where for line, where in lines.items() if line not in stub}
    for path in sorted((course.root / "tests" / week.folder / "variants").rglob("*.py")):
        for line in _stripped_lines(path.read_text(encoding="utf-8")) - stub - tests:
            lines.setdefault(line, str(path.relative_to(course.root)))
    return {line: where for line, where in lines.items()
            if len(line) >= SIGNIFICANT_LINE and not line.startswith(("#", '"""', "EXPECT_FAILING", "COVERS"))}


def find_leaks(course: Course, week: Week, out: Path) -> list[str]:
    """Every way solution text shows up in the released folder `out` (empty: no leak)."""
    leaks = [f"{p.relative_to(out)}: folder must not be released"
             for p in out.rglob("*") if p.is_dir() and p.name in ("solutions", "variants", "source")]
    secret = _solution_lines(course, week)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "BEGIN SOLUTION" in text or "END SOLUTION" in text:
            leaks.append(f"{path.relative_to(out)}: contains a solution marker")
        lines = {line.strip() for line in text.splitlines()}
        if path.suffix == ".ipynb":
            lines |= {line.strip().strip('",').replace("\\n", "") for line in text.splitlines()}
        by_origin = {}
        for line in sorted(lines & secret.keys()):
            by_origin.setdefault(secret[line], []).append(line)
        for origin, shared in by_origin.items():
            if len(shared) >= LEAK_LINES or max(map(len, shared)) >= LONG_LINE:
                leaks += [f"{path.relative_to(out)}: line {line!r} from {origin}" for line in shared]
    return leaks
