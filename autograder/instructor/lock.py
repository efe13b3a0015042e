"""The student runtime's lock file: every package pinned, with its hashes, for every student.

`python -m autograder.instructor lock` resolves pyproject.toml's `[project] dependencies`
(no extras: the release's `notebook` extra, Jupyter, never changes a grade and stays
unlocked) with uv into `templates/requirements.lock`, which every release ships at its root
and installs with `--require-hashes` (pip in the student README, uv in the Classroom workflow).  The resolution is universal (one file for
Linux, macOS and Windows) with one version of each package for every Python it serves
(`--fork-strategy fewest`), so a student's environment is the Classroom runner's, whatever
their platform and Python; `lock` then checks that every locked package has a wheel for each
of `PLATFORMS` and Python `--python-version` to `NEWEST_PYTHON`, so no student builds
from source.  `--exclude-newer` fixes what the registry offered: the lock's header is the
exact command that made it, and `lock --check` runs it again and compares byte for byte.
The workflow's Python (`release`) is the lock's `--python-version`, the oldest supported.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from autograder.course import CourseError

LOCK_NAME = "requirements.lock"
LOCK = Path(__file__).resolve().parent / "templates" / LOCK_NAME
PLATFORMS = ("x86_64-manylinux_2_28", "aarch64-apple-darwin", "x86_64-pc-windows-msvc")
NEWEST_PYTHON = "3.14"  # the newest Python every locked package must have wheels for
UV_VERSION = "0.13.9"  # pinned in pyproject's [instructor] extra too; the Classroom workflow installs with it
COMMAND = "python -m autograder.instructor lock"
HEADER = re.compile(rf"^#    {re.escape(COMMAND)} --python-version (\S+) --exclude-newer (\S+)$", re.M)
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;]+)(?: ; ([^\\]+?))?(?: \\)?$")
HASH = re.compile(r"^    --hash=sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class LockInfo:
    """What the lock's header says it was made for."""
    python: str
    exclude_newer: str


def read_header(text: str) -> LockInfo:
    match = HEADER.search(text)
    if not match:
        raise CourseError(f"{LOCK_NAME} has no `{COMMAND} --python-version V --exclude-newer T` header: "
                          f"regenerate it with `{COMMAND}`")
    return LockInfo(*match.groups())


def oldest_python(pyproject: Path) -> str:
    """The lower bound of requires-python (">=3.11" -> "3.11"): the Python the lock is made for."""
    requires = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"].get("requires-python", "")
    match = re.fullmatch(r">=\s*(\d+\.\d+)", requires.split(",")[0].strip())
    if not match:
        raise CourseError(f"requires-python = {requires!r} in {pyproject} has no lower bound >=X.Y")
    return match.group(1)


def _uv(*args: str, cwd: Path) -> str:
    """Run uv (the [instructor] extra's) and return its stdout; a failure is one CourseError."""
    command = [sys.executable, "-m", "uv", "--no-config", "--quiet", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**_environ(), "UV_PYTHON_DOWNLOADS": "never"})
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()] or ["(no output)"]
        reason = lines[0] if lines[0] == lines[-1] else f"{lines[0]} ({lines[-1]})"
        raise CourseError(f"uv {' '.join(args[:2])} failed: {reason}")
    return done.stdout


def _environ() -> dict[str, str]:
    """This process's environment without uv settings (UV_INDEX_URL, ...): the lock is PyPI's."""
    return {k: v for k, v in os.environ.items() if not k.startswith("UV_")}


def compile_lock(root: Path, info: LockInfo) -> str:
    """The lock text for pyproject.toml in root, as `uv pip compile` writes it."""
    return _uv("pip", "compile", "pyproject.toml", "--universal", "--fork-strategy", "fewest",
               "--generate-hashes", "--python-version", info.python, "--exclude-newer", info.exclude_newer,
               "--custom-compile-command",
               f"{COMMAND} --python-version {info.python} --exclude-newer {info.exclude_newer}", cwd=root)


def missing_wheels(root: Path, lock: Path, info: LockInfo, newest: str = NEWEST_PYTHON) -> list[str]:
    """"Python X on P: <uv's reason>" for each platform and Python (info.python to newest) for
    which some package of the lock has no wheel."""
    first, last = (int(version.split(".")[1]) for version in (info.python, newest))
    missing = []
    for platform in PLATFORMS:
        for minor in range(first, last + 1):
            try:
                _uv("pip", "compile", str(lock), "--no-deps", "--only-binary", ":all:", "--python-platform",
                    platform, "--python-version", f"3.{minor}", "--exclude-newer", info.exclude_newer, cwd=root)
            except CourseError as error:
                missing.append(f"Python 3.{minor} on {platform}: {error}")
    return missing


def pins(text: str) -> dict[str, list[tuple[str, str | None, int]]]:
    """Package name (normalised) -> [(version, marker, number of hashes)] of a lock's text."""
    found: dict[str, list[tuple[str, str | None, int]]] = {}
    current = None
    for line in text.splitlines():
        if match := PIN.match(line):
            name, version, marker = match.groups()
            current = [version, marker, 0]
            found.setdefault(normalise_name(name), []).append(current)
        elif HASH.match(line) and current is not None:
            current[2] += 1
    return {name: [tuple(entry) for entry in entries] for name, entries in found.items()}


def normalise_name(name: str) -> str:
    """A distribution's name as PEP 503 compares it ("Python_Dateutil" -> "python-dateutil")."""
    return re.sub(r"[-_.]+", "-", name).lower()


def stale_pins(pyproject: Path, text: str) -> list[str]:
    """Offline check: every runtime dependency of pyproject is pinned within its specifier, every
    pin has hashes, and the lock was made for requires-python's oldest Python."""
    from packaging.requirements import Requirement  # here: release (no packaging in its venv) reads the header only
    from packaging.version import Version

    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    locked = pins(text)
    problems = []
    python = oldest_python(pyproject)
    if read_header(text).python != python:
        problems.append(f"made for Python {read_header(text).python}, but requires-python starts at {python}")
    for spec in project.get("dependencies", []):
        requirement = Requirement(spec)
        versions = [version for version, _, _ in locked.get(normalise_name(requirement.name), [])]
        if not versions:
            problems.append(f"{requirement.name} is not locked")
        problems += [f"{requirement.name}=={v} does not satisfy {spec!r}" for v in versions
                     if not requirement.specifier.contains(Version(v), prereleases=True)]
    problems += [f"{name}=={version} has no hash" for name, entries in locked.items()
                 for version, _, hashes in entries if hashes == 0]
    return problems


def write_lock(root: Path, python: str | None = None, exclude_newer: str | None = None) -> Path:
    """Resolve anew (the registry as of exclude_newer, default now) and write the lock."""
    stamp = exclude_newer or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    info = LockInfo(python or oldest_python(root / "pyproject.toml"), stamp)
    text = compile_lock(root, info)
    candidate = LOCK.with_suffix(".new")
    candidate.write_text(text, encoding="utf-8")
    try:
        missing = missing_wheels(root, candidate, info)
        if missing:
            raise CourseError(f"the lock would make a student build from source: {missing[0]}")
        candidate.replace(LOCK)
    finally:
        candidate.unlink(missing_ok=True)
    return LOCK


def check_lock(root: Path, lock: Path = LOCK) -> list[str]:
    """Why the lock is not current (empty when it is): the offline checks, then the exact
    regeneration with the header's settings compared byte for byte (needs the registry)."""
    text = lock.read_text(encoding="utf-8")
    problems = stale_pins(root / "pyproject.toml", text)
    if not problems and compile_lock(root, read_header(text)) != text:
        problems.append("regenerating it with the same --exclude-newer gives a different file")
    return problems
