"""The course description in course.toml: weeks, their tasks and points, grading limits.

Every mistake in course.toml is a `CourseError` that names the file and the key, so that the
command line can say it in one line.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import tomllib
from pathlib import Path


DEFAULT_IMPORTS = ("numpy",)  # what a module not listed in a week's [imports] may import


class CourseError(ValueError):
    """course.toml is missing or inconsistent, or a week was named that does not exist."""


@dataclasses.dataclass(frozen=True)
class Task:
    """A graded unit: one Classroom step, worth `points` when all its tests pass."""

    name: str
    points: int
    summary: str


@dataclasses.dataclass(frozen=True)
class Week:
    """One assignment: a folder of modules, a notebook, and its tasks."""

    number: int
    folder: str
    title: str
    release: datetime.date
    due: datetime.date
    modules: tuple[str, ...]
    notebook: str
    tasks: tuple[Task, ...]
    # module -> packages it may import beyond the standard maths ones; function -> dotted names
    # its body may not use (the static rules of the week, autograder.rules)
    imports: dict[str, tuple[str, ...]] = dataclasses.field(hash=False)
    forbidden_calls: dict[str, tuple[str, ...]] = dataclasses.field(hash=False)

    @property
    def max_points(self) -> int:
        return sum(task.points for task in self.tasks)

    def task(self, name: str) -> Task:
        for task in self.tasks:
            if task.name == name:
                return task
        raise CourseError(f"week {self.number} has no task {name!r}")


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one grading run may use: seconds per test and per week, and memory.

    A test may run `time_multiple` times as long as it takes on the reference (measured by
    `verify --write-times` into tests/<week>/reference_times.json), at least `time_floor`
    and at most `per_test_timeout` seconds; a test without a measurement gets the most.
    """

    per_test_timeout: float
    total_timeout: float
    memory_limit_mb: int
    time_multiple: float
    time_floor: float

    def for_test(self, reference_seconds: float | None) -> float:
        return time_limit(reference_seconds, self.time_multiple, self.time_floor, self.per_test_timeout)


def time_limit(reference_seconds: float | None, multiple: float, floor: float, cap: float) -> float:
    """A test's time limit: `multiple` times its reference time, within [floor, cap]; `cap` if unmeasured."""
    if reference_seconds is None:
        return cap
    return min(cap, max(floor, multiple * reference_seconds))


DEFAULT_RELEASE_AUTHOR = "Course staff <staff@example.invalid>"


@dataclasses.dataclass(frozen=True)
class Course:
    root: Path
    code: str
    title: str
    limits: Limits
    weeks: tuple[Week, ...]
    release_author: str = DEFAULT_RELEASE_AUTHOR  # "Name <email>" of a release's commit

    def week(self, spec: str | int) -> Week:
        """Find a week by `4`, `04`, `week04` or its folder name `week04_cnn_ising`."""
        text = str(spec).strip()
        match = re.fullmatch(r"(?:week)?0*(\d+)(?:_\w+)?", text)
        for week in self.weeks:
            if text == week.folder or (match and "_" not in text and int(match.group(1)) == week.number):
                return week
        known = ", ".join(str(week.number) for week in self.weeks)
        raise CourseError(f"unknown week {text!r}: course.toml has weeks {known}")


REFERENCE_TIMES = "reference_times.json"  # in each tests/<week>/: pytest node id -> seconds on the reference


def read_reference_times(tests_folder: Path) -> dict[str, float]:
    """How long each test of a week took on the reference, as `verify --write-times` measured."""
    path = tests_folder / REFERENCE_TIMES
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder at or above `start` holding course.toml."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "course.toml").is_file():
            return folder
    raise CourseError(f"no course.toml in {start} or any folder above it")


class _Table:
    """One table of course.toml, read key by key; every mistake names the file and the key."""

    def __init__(self, data: dict, where: str, path: Path):
        self.data, self.where, self.path = data, where, path

    def error(self, key: str, problem: str) -> CourseError:
        return CourseError(f"{self.path}: {self.where}{key}: {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default=...):
        if key not in self.data:
            if default is ...:
                raise self.error(key, "missing")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise self.error(key, f"must be {names}, got {value!r}")
        return value

    def positive(self, key: str, kind: type | tuple[type, ...]):
        value = self.get(key, kind)
        if value <= 0:
            raise self.error(key, f"must be positive, got {value!r}")
        return value

    def only(self, *keys: str) -> None:
        unknown = sorted(set(self.data) - set(keys))
        if unknown:
            raise self.error(unknown[0], f"unknown key (known: {', '.join(keys)})")

    def tables(self, key: str) -> list[_Table]:
        entries = self.get(key, list, [])
        if not all(isinstance(entry, dict) for entry in entries):
            raise self.error(key, "must be a list of tables ([[...]])")
        return [_Table(entry, f"{self.where}{key}[{i}].", self.path) for i, entry in enumerate(entries)]


def load_course(root: Path | None = None) -> Course:
    root = find_root(root)
    path = root / "course.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{path}: not valid TOML: {error}") from None
    top = _Table(data, "", path)
    top.only("course", "grading", "weeks")
    course = _Table(top.get("course", dict), "course.", path)
    course.only("code", "title", "release_author")
    grading = _Table(top.get("grading", dict), "grading.", path)
    grading.only("per_test_timeout", "total_timeout", "memory_limit_mb", "time_multiple", "time_floor")
    limits = Limits(float(grading.positive("per_test_timeout", (int, float))),
                    float(grading.positive("total_timeout", (int, float))),
                    grading.positive("memory_limit_mb", int),
                    float(grading.positive("time_multiple", (int, float))),
                    float(grading.positive("time_floor", (int, float))))
    weeks = tuple(_parse_week(entry) for entry in top.tables("weeks"))
    numbers = [week.number for week in weeks]
    if len(set(numbers)) != len(numbers):
        raise CourseError(f"{path}: weeks: a week number is listed twice ({numbers})")
    author = course.get("release_author", str, DEFAULT_RELEASE_AUTHOR)
    if not re.fullmatch(r"[^<>]+ <[^<>\s]+@[^<>\s]+>", author):
        raise course.error("release_author", f'must read "Name <email>", got {author!r}')
    return Course(root, course.get("code", str), course.get("title", str), limits, weeks, author)


def _parse_week(entry: _Table) -> Week:
    entry.only("number", "folder", "title", "release", "due", "modules", "notebook", "tasks",
               "imports", "forbidden_calls")
    number = entry.positive("number", int)
    folder = entry.get("folder", str)
    if not re.fullmatch(rf"week{number:02d}_[a-z0-9_]+", folder):
        raise entry.error("folder", f"{folder!r} does not match week{number:02d}_<slug>")
    tasks = []
    for task in entry.tables("tasks"):
        task.only("name", "points", "summary")
        # Integers: Classroom's command grader reads max-score with parseInt (1.5 would be 1).
        tasks.append(Task(task.get("name", str), task.positive("points", int), task.get("summary", str, "")))
    names = [task.name for task in tasks]
    if not tasks or len(set(names)) != len(names):
        raise entry.error("tasks", f"need at least one task and distinct names, got {names}")
    modules = entry.get("modules", list)
    if not modules or not all(isinstance(m, str) and m.endswith(".py") for m in modules):
        raise entry.error("modules", f"must list the week's .py modules, got {modules!r}")
    imports = _string_lists(entry, "imports")
    if set(imports) - set(modules):
        raise entry.error("imports", f"names modules the week does not have: {sorted(set(imports) - set(modules))}")
    return Week(number, folder, entry.get("title", str), entry.get("release", datetime.date),
                entry.get("due", datetime.date), tuple(modules), entry.get("notebook", str), tuple(tasks),
                {module: imports.get(module, DEFAULT_IMPORTS) for module in modules},
                _string_lists(entry, "forbidden_calls"))


def _string_lists(entry: _Table, key: str) -> dict[str, tuple[str, ...]]:
    table = entry.get(key, dict, {})
    if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in table.values()):
        raise entry.error(key, "must map names to lists of strings")
    return {name: tuple(values) for name, values in table.items()}
