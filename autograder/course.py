"""The course description in course.toml: weeks, their tasks and points, grading limits."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


class CourseError(ValueError):
    """course.toml is missing or inconsistent, or a week was named that does not exist."""


@dataclasses.dataclass(frozen=True)
class Task:
    name: str
    points: float
    summary: str


@dataclasses.dataclass(frozen=True)
class Week:
    number: int
    folder: str
    title: str
    release: datetime.date
    due: datetime.date
    modules: tuple[str, ...]
    notebook: str
    tasks: tuple[Task, ...]

    @property
    def max_points(self) -> float:
        return sum(task.points for task in self.tasks)

    def task(self, name: str) -> Task:
        for task in self.tasks:
            if task.name == name:
                return task
        raise CourseError(f"week {self.number} has no task {name!r}")


@dataclasses.dataclass(frozen=True)
class Limits:
    per_test_timeout: float
    total_timeout: float
    memory_limit_mb: int


@dataclasses.dataclass(frozen=True)
class Course:
    root: Path
    code: str
    title: str
    limits: Limits
    weeks: tuple[Week, ...]

    def week(self, spec: str | int) -> Week:
        """Find a week by `4`, `04`, `week04` or its folder name `week04_cnn_ising`."""
        text = str(spec).strip()
        match = re.fullmatch(r"(?:week)?0*(\d+)(?:_\w+)?", text)
        for week in self.weeks:
            if text == week.folder or (match and "_" not in text and int(match.group(1)) == week.number):
                return week
        known = ", ".join(str(week.number) for week in self.weeks)
        raise CourseError(f"unknown week {text!r}: course.toml has weeks {known}")


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder at or above `start` holding course.toml."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "course.toml").is_file():
            return folder
    raise CourseError(f"no course.toml in {start} or any folder above it")


def load_course(root: Path | None = None) -> Course:
    root = find_root(root)
    data = tomllib.loads((root / "course.toml").read_text(encoding="utf-8"))
    limits = Limits(**data["grading"])
    weeks = tuple(_parse_week(entry) for entry in data.get("weeks", []))
    numbers = [week.number for week in weeks]
    if len(set(numbers)) != len(numbers):
        raise CourseError("course.toml lists a week number twice")
    return Course(root, data["course"]["code"], data["course"]["title"], limits, weeks)


def _parse_week(entry: dict) -> Week:
    tasks = tuple(Task(t["name"], float(t["points"]), t.get("summary", "")) for t in entry["tasks"])
    names = [task.name for task in tasks]
    if len(set(names)) != len(names):
        raise CourseError(f"week {entry['number']} lists a task twice")
    if not re.fullmatch(rf"week{entry['number']:02d}_[a-z0-9_]+", entry["folder"]):
        raise CourseError(f"week folder {entry['folder']!r} does not match weekNN_slug")
    return Week(
        number=entry["number"],
        folder=entry["folder"],
        title=entry["title"],
        release=entry["release"],
        due=entry["due"],
        modules=tuple(entry["modules"]),
        notebook=entry["notebook"],
        tasks=tasks,
    )
