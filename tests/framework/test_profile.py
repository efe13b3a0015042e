"""The per-week profile (tests/bench/profile_week.py) runs, in report-only mode.

It times one whole grade of week 2 (the smallest JAX week) twice from an empty compilation
cache, with its plugin in the grading child: no timing is asserted (the machine is shared
and noisy), only that every phase was measured, that JAX's compile events reached the
profile, and that the second grade loaded what the first compiled.
"""

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tests" / "bench" / "profile_week.py"


@pytest.fixture(scope="module")
def profile_week():
    spec = importlib.util.spec_from_file_location("profile_week", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def week2(profile_week, tmp_path_factory):
    """The printed table and the JSON numbers of two grades of week 2's reference."""
    out = tmp_path_factory.mktemp("profile") / "profile.json"
    assert profile_week.main(["--week", "2", "--runs", "2", "--cold", "--json", str(out)]) == 0
    return profile_week, json.loads(out.read_text())


def test_every_phase_is_measured(week2):
    _, [profile] = week2
    assert profile["week"] == "week02_backprop"
    tests = json.loads((REPO / "tests" / "week02_backprop" / "reference_times.json").read_text())
    for run in profile["runs"]:
        assert run["# tests"] == len(tests)
        for phase in ("interpreter + pytest", "import numpy", "import jax", "jax backend", "JAX compile"):
            assert run[phase] > 0, phase
        assert 0 < run["grader overhead"] < run["whole process (wall)"]
        assert run["# compiles"] > 0  # JAX's monitoring events reached the plugin


def test_the_second_grade_loads_what_the_first_compiled(week2):
    _, [profile] = week2
    first, second = profile["runs"]
    assert first["# cache hits"] == 0  # --cold: an empty cache folder
    assert second["# cache hits"] == second["# compiles"] == first["# compiles"]


def test_the_table_names_every_phase(week2):
    profile_week, [profile] = week2
    table = profile_week.render({**profile, "output": ""})
    for phase in profile["runs"][0]:
        assert phase in table
    assert "slowest tests of run 1:" in table and len(table.splitlines()) > len(profile["runs"][0]) + 2
