"""Load the module under test from a submission folder, lazily.

Week tests say ``descent = submission_module("week01_gradient_descent", "descent.py")`` at
the top of the file.  Nothing is imported until a test touches an attribute, so a module
with a syntax error, or one that raises while importing, fails each test with the same
short explanation instead of breaking collection of the whole week.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback
from pathlib import Path

SUBMISSION_ENV = "AUTOGRADER_SUBMISSION"


class SubmissionImportError(Exception):
    """The student's module could not be imported; the message says where and why."""


def submission_folder() -> Path:
    """The folder laid out like assignments/, set by the pytest plugin from --submission."""
    try:
        return Path(os.environ[SUBMISSION_ENV])
    except KeyError:
        raise SubmissionImportError(
            f"{SUBMISSION_ENV} is not set: run the tests through pytest with the autograder plugin"
        ) from None


def _describe_import_failure(path: Path, error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        return (f"{path.name} has a syntax error at line {error.lineno}: {error.msg}. "
                "Python cannot import it, so every task in it scores 0.")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == path]
    where = f" at line {frames[-1].lineno}" if frames else ""
    return f"importing {path.name} raised {type(error).__name__}{where}: {error}"


class SubmissionModule:
    """A stand-in for the student's module that imports it on first attribute access."""

    instances: list[SubmissionModule] = []  # every stand-in made, for `forget_submissions`

    def __init__(self, week_folder: str, filename: str):
        self._week_folder = week_folder
        self._filename = filename
        self._module = None
        self._failure: str | None = None
        SubmissionModule.instances.append(self)

    @property
    def path(self) -> Path:
        return submission_folder() / self._week_folder / self._filename

    def _load(self):
        if self._module is not None:
            return self._module
        if self._failure is not None:
            raise SubmissionImportError(self._failure)
        path = self.path
        if not path.is_file():
            self._failure = f"{self._week_folder}/{self._filename} is missing from the submission"
            raise SubmissionImportError(self._failure)
        name = f"submission_{self._week_folder}_{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(path.parent))  # let the module import its siblings
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - any import failure is reported
            self._failure = _describe_import_failure(path, error)
            raise SubmissionImportError(self._failure) from None
        finally:
            sys.path.remove(str(path.parent))
        sys.modules[name] = module
        self._module = module
        return module

    def __getattr__(self, attribute: str):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        module = self._load()
        try:
            return getattr(module, attribute)
        except AttributeError:
            raise SubmissionImportError(
                f"{self._filename} does not define {attribute!r}: keep the names of the stub"
            ) from None


def submission_module(week_folder: str, filename: str) -> SubmissionModule:
    return SubmissionModule(week_folder, filename)


def forget_submissions() -> None:
    """Unload every submission module, so that the next test run imports the next submission.

    For an instructor's process that runs the same tests on many trusted submissions one
    after another (autograder.instructor.batch); a student's grading never needs it.
    """
    for stand_in in SubmissionModule.instances:
        stand_in._module, stand_in._failure = None, None
    for name in [name for name in sys.modules if name.startswith("submission_")]:
        del sys.modules[name]
