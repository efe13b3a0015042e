"""requirements.lock is current: it locks pyproject's runtime dependencies, with hashes, and
regenerating it with its own header's settings gives it back byte for byte.

The offline checks always run.  The regeneration asks PyPI (uv, --exclude-newer from the
lock's header): where PyPI is unreachable it is skipped with the reason, except in CI
(CI=true), where the install needed the registry anyway and a skip would hide a stale lock.
"""

import os
import re
import shutil
import socket

import pytest
from conftest import REPO

from autograder.instructor.lock import LOCK, LockInfo, check_lock, missing_wheels, pins, read_header, stale_pins


def _registry_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


needs_registry = pytest.mark.skipif(
    not os.environ.get("CI") and not _registry_reachable(), reason="pypi.org is unreachable: the lock's "
    "regeneration is not checked here (in CI, CI=true, this is a failure)")


def test_every_runtime_dependency_is_pinned_within_its_specifier_with_hashes():
    text = LOCK.read_text(encoding="utf-8")
    assert stale_pins(REPO / "pyproject.toml", text) == []
    locked = pins(text)
    assert {"jax", "jaxlib", "numpy", "hypothesis", "pytest", "matplotlib"} <= set(locked)
    assert all(len(entries) == 1 for entries in locked.values()), "one version of each package for every Python"


def _pyproject(tmp_path, old, new):
    """A copy of the repository's pyproject.toml with one edit, in a folder of its own."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "pyproject.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("old, new, problem", [
    ('"numpy>=1.26",', '"numpy>=1.26",\n    "sympy>=1.12",', "sympy is not locked"),                # a new dependency
    ('"numpy>=1.26",', '"numpy>=99",', "does not satisfy 'numpy>=99'"),                              # a raised floor
    ('"hypothesis==6.170.17"', '"hypothesis==6.170.18"', "does not satisfy"),                        # a new exact pin
    ('requires-python = ">=3.11"', 'requires-python = ">=3.12"', "requires-python starts at 3.12"),  # a new oldest Python
])
def test_the_offline_check_catches_a_pyproject_changed_without_a_new_lock(tmp_path, old, new, problem):
    problems = stale_pins(_pyproject(tmp_path, old, new) / "pyproject.toml", LOCK.read_text(encoding="utf-8"))
    assert any(problem in line for line in problems), problems


def test_the_offline_check_catches_a_pin_without_hashes():
    text = LOCK.read_text(encoding="utf-8")
    block = re.search(r"^(pytest-timeout==\S+) \\\n(    --hash=\S+( \\)?\n)+", text, re.M)
    unhashed = text.replace(block.group(0), block.group(1) + "\n")
    assert stale_pins(REPO / "pyproject.toml", unhashed) == [f"{block.group(1)} has no hash"]


@needs_registry
def test_regenerating_the_lock_gives_it_byte_for_byte():
    assert check_lock(REPO) == []


@needs_registry
def test_regenerating_fails_when_a_dependency_was_dropped(tmp_path):
    """Dropping matplotlib keeps every remaining pin valid (the offline check is content), but
    the regenerated lock differs: this is what only the byte-for-byte comparison catches."""
    root = _pyproject(tmp_path, '    "matplotlib>=3.8",\n', "")
    shutil.copy(LOCK, tmp_path / "requirements.lock")
    assert stale_pins(root / "pyproject.toml", LOCK.read_text(encoding="utf-8")) == []
    assert check_lock(root, tmp_path / "requirements.lock") == [
        "regenerating it with the same --exclude-newer gives a different file"]


@needs_registry
def test_a_package_without_wheels_for_a_python_is_found(tmp_path):
    """contourpy 1.3.3 has wheels up to CPython 3.14 only: a lock serving 3.15 would send a
    student to a source build, and `lock` refuses to write it."""
    lock = tmp_path / "one.lock"
    lock.write_text("contourpy==1.3.3\n")
    stamp = read_header(LOCK.read_text(encoding="utf-8")).exclude_newer
    assert missing_wheels(REPO, lock, LockInfo("3.14", stamp)) == []
    missing = missing_wheels(REPO, lock, LockInfo("3.14", stamp), newest="3.15")
    assert len(missing) == 3 and all(line.startswith("Python 3.15 on ") and "contourpy" in line for line in missing)
