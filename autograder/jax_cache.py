"""Where a grading child keeps JAX's persistent compilation cache, one folder per submission.

Most of a JAX week's grading time is XLA compiling the same computations again (the
oracles, the student's functions at the tests' shapes).  JAX can keep each compiled
executable on disk, keyed by a hash of the computation, the compile options and the JAX,
jaxlib and device versions; a second grade of the same code then loads instead of
compiling.  What JAX puts in a cache folder can only speed a grade up, never change it:
an entry is found only by the key of the very computation it was compiled from, so a
different submission (a different computation) misses and compiles its own.

The folders are per user and safe to delete at any time (the next grade compiles again):

    Linux    $XDG_CACHE_HOME/phyg004-jax or ~/.cache/phyg004-jax
    macOS    ~/Library/Caches/phyg004-jax
    Windows  %LOCALAPPDATA%\\phyg004-jax

Inside it, each submission folder (by its path) and week has a folder of its own: entries
are compiled machine code, and one student's code could only plant a forged entry by
writing files, which the static rules forbid; even then it would reach nothing but later
grades of the same folder, never another student's in a class graded on one machine.
PHYG004_JAX_CACHE=DIR puts the folders under DIR instead, PHYG004_JAX_CACHE=off turns
the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ENV = "PHYG004_JAX_CACHE"
FOLDER = "phyg004-jax"
MIN_COMPILE_SECONDS = "0"  # every executable: a week compiles hundreds of small ones


def user_cache_root() -> Path:
    """The platform's per-user cache folder, with FOLDER in it."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / FOLDER


def cache_folder(week_folder: str, submission: Path) -> Path | None:
    """The cache folder for grading `submission` (laid out like assignments/) on a week, or None."""
    setting = os.environ.get(ENV, "")
    if setting.lower() == "off":
        return None
    root = Path(setting) if setting else user_cache_root()
    digest = hashlib.sha256(str(submission.resolve()).encode()).hexdigest()[:16]
    return root / f"{week_folder}-{digest}"


def jax_environment(folder: Path) -> dict[str, str]:
    """The environment variables that point JAX's compilation cache at `folder`."""
    return {"JAX_COMPILATION_CACHE_DIR": str(folder),
            "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": MIN_COMPILE_SECONDS,
            "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0"}


@contextlib.contextmanager
def cache_of_this_run() -> Iterator[Path]:
    """Within the block, the cache folders live in a temporary folder deleted at its end.

    For grading a class: a submission that got past the static rules could plant an entry in
    its own folder, and a later regrade of the same folder would load it; a cache that lives
    for one run only gives every grade of that run the code it submitted, nothing left over.
    """
    before = os.environ.get(ENV)
    with tempfile.TemporaryDirectory(prefix="phyg004-jax-") as folder:
        os.environ[ENV] = folder
        try:
            yield Path(folder)
        finally:
            if before is None:
                del os.environ[ENV]
            else:
                os.environ[ENV] = before
