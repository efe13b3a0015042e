"""Load the module under test from a submission folder, lazily.

Week tests say ``descent = submission_module("week01_gradient_descent", "descent.py")`` at
the top of the file.  Nothing is imported until a test asks the stand-in for a public name
(never during pytest's collection, which only looks at private and dunder names), so a
module with a syntax error, or one that raises, exits or hangs while importing, fails each
of its tests with one short explanation instead of breaking the whole week.

The grader watches imports: `import_listener` is told when an import starts and ends, and
a module that ended or hung the process while being imported is listed in `broken`, so
that the restarted run fails its tests at once instead of importing it again.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

SUBMISSION_ENV = "AUTOGRADER_SUBMISSION"

import_listener: Callable[[str, str], None] | None = None  # (event kind, module filename)
broken: dict[str, str] = {}  # module filename -> why the grader will not import it again


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
    if isinstance(error, SystemExit):
        return f"{path.name} called exit() (SystemExit {error.code!r}) while it was being imported"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == path]
    where = f" at line {frames[-1].lineno}" if frames else ""
    return f"importing {path.name} raised {type(error).__name__}{where}: {error}"


def _notify(kind: str, filename: str) -> None:
    if import_listener is not None:
        import_listener(kind, filename)


class SubmissionModule:
    """A stand-in for the student's module that imports it on first use of a public name."""

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
        if self._failure is None and self._filename in broken:
            self._failure = broken[self._filename]
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
        _notify("importing", self._filename)
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - any import failure is reported
            self._failure = _describe_import_failure(path, error)
            raise SubmissionImportError(self._failure) from None
        except BaseException as error:  # a time limit or an interrupt: the import never finished
            why = "it ran past the time limit" if str(error).startswith("Timeout") else type(error).__name__
            self._failure = f"{self._filename} did not finish importing ({why})"
            raise
        finally:
            sys.path.remove(str(path.parent))
            _notify("imported", self._filename)
        sys.modules[name] = module
        self._module = module
        return module

    def __getattr__(self, attribute: str):
        if attribute.startswith("_"):  # pytest's collection probes (_mock_name, __test__, ...)
            raise AttributeError(attribute)
        module = self._load()
        try:
            return getattr(module, attribute)
        except AttributeError:
            raise SubmissionImportError(
                f"{self._filename} does not define {attribute!r}: keep the names of the stub"
            ) from None

    @contextmanager
    def oracles(self, **replacements: Callable) -> Iterator[SubmissionModule]:
        """Within the block, the module's own calls of these names reach the test's oracles.

        One bug costs one task: a test of `mlp_backward` that lets it call the student's
        `linear_backward` would fail for a bug of another task.  Module-level names are
        looked up when a function runs, so ``with mlp.oracles(linear_backward=oracle):``
        makes every call from inside the module use the oracle (a function that imported
        the name under another alias keeps its own, which is the student's choice).
        The names are restored, or removed if the module lacked them, when the block ends.
        """
        namespace = vars(self._load())
        missing = object()
        saved = {name: namespace.get(name, missing) for name in replacements}
        namespace.update(replacements)
        try:
            yield self
        finally:
            for name, value in saved.items():
                if value is missing:
                    namespace.pop(name, None)
                else:
                    namespace[name] = value


def submission_module(week_folder: str, filename: str) -> SubmissionModule:
    return SubmissionModule(week_folder, filename)


def forget_submissions(tests: Path | None = None) -> None:
    """Unload every submission module, so that the next test run imports the next submission.

    With `tests`, also unload every module imported from that folder (the week's test files
    and their helpers), so that the next run imports them afresh: a module-level cache in a
    test file then never carries one submission's results into the next.  numpy, JAX and
    the grader stay imported.

    For an instructor's process that runs the same tests on many trusted submissions one
    after another (autograder.instructor.batch); a student's grading never needs it.
    """
    broken.clear()
    for stand_in in SubmissionModule.instances:
        stand_in._module, stand_in._failure = None, None
    unload = [name for name in sys.modules if name.startswith("submission_")]
    if tests is not None:
        tests = tests.resolve()
        unload += [name for name, module in sys.modules.items()
                   if Path(getattr(module, "__file__", None) or "/").resolve().is_relative_to(tests)]
        SubmissionModule.instances.clear()  # the stand-ins of the unloaded tests: the next run makes its own
    for name in unload:
        sys.modules.pop(name, None)
