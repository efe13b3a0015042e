import sys

OLDEST_PYTHON = (3, 11)  # as pyproject.toml's requires-python: tomllib, and the pinned hypothesis and jax

if sys.version_info < OLDEST_PYTHON:  # checked before any import that would fail with a traceback
    sys.exit(f"error: the grader needs Python {'.'.join(map(str, OLDEST_PYTHON))} or newer, this is "
             f"{sys.version.split()[0]}: install a newer one (python.org, `uv python install 3.12` or pyenv)")

from autograder.cli import main  # noqa: E402

sys.exit(main())
