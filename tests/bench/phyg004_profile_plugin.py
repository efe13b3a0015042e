"""A pytest plugin that times one grading child's phases (loaded by profile_week.py).

profile_week.py puts this folder on the child's PYTHONPATH and `-p phyg004_profile_plugin`
in PYTEST_ADDOPTS; the grader passes its environment on to the child, so the child it
starts is the one measured.  The plugin writes one JSON object to the file named by
PHYG004_PROFILE_OUT when the session ends:

  started      seconds from the process's creation to this plugin's import: the interpreter
               and pytest (None where /proc is missing)
  configure    this import -> collection begins: conftest, the grader's plugin, hypothesis
  imports      {"numpy": s, "jax": s, "jax backend": s}, imported here before collection
  collection   the rest of collection (the test modules and their helpers)
  tests        [{nodeid, seconds, trace, lower, compile, compiles, cache_hits}] per test;
               trace/lower/compile are JAX's own durations (jax.monitoring) during the test
  outside      the same JAX durations outside any test (collection, module-level jit)
  finish       the last test's end -> pytest_sessionfinish
"""

from __future__ import annotations

import json
import os
import time

import pytest

IMPORTED = time.monotonic()
EVENTS = {"/jax/core/compile/jaxpr_trace_duration": "trace",
          "/jax/core/compile/jaxpr_to_mlir_module_duration": "lower",
          "/jax/core/compile/backend_compile_duration": "compile"}


def _process_age() -> float | None:
    """Seconds since this process was created (Linux /proc), or None."""
    try:
        with open("/proc/self/stat") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as uptime:
            now = float(uptime.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return now - start_ticks / os.sysconf("SC_CLK_TCK")


class _Jax:
    """JAX's compile-time events, added up into whichever bucket is open."""

    def __init__(self):
        self.bucket = self.outside = self._empty()

    @staticmethod
    def _empty() -> dict:
        return {"trace": 0.0, "lower": 0.0, "compile": 0.0, "compiles": 0, "cache_hits": 0}

    def open(self) -> dict:
        self.bucket = self._empty()
        return self.bucket

    def close(self) -> None:
        self.bucket = self.outside

    def duration(self, event: str, seconds: float, **_) -> None:
        if event in EVENTS:
            self.bucket[EVENTS[event]] += seconds
            self.bucket["compiles"] += event.endswith("backend_compile_duration")

    def event(self, event: str, **_) -> None:
        if event == "/jax/compilation_cache/cache_hits":
            self.bucket["cache_hits"] += 1


class Profile:
    def __init__(self):
        self.record = {"started": _process_age(), "imports": {}, "tests": []}
        if self.record["started"] is not None:
            self.record["started"] -= time.monotonic() - IMPORTED
        self.jax = _Jax()
        self.last = IMPORTED  # when the last phase (collection, a test) ended

    @pytest.hookimpl(hookwrapper=True)
    def pytest_collection(self, session):
        begin = time.monotonic()
        self.record["configure"] = begin - IMPORTED
        for name, load in (("numpy", self._numpy), ("jax", self._jax), ("jax backend", self._backend)):
            start = time.monotonic()
            load()
            self.record["imports"][name] = time.monotonic() - start
        import jax.monitoring
        jax.monitoring.register_event_duration_secs_listener(self.jax.duration)
        jax.monitoring.register_event_listener(self.jax.event)
        start = time.monotonic()
        yield
        self.record["collection"] = time.monotonic() - start
        self.last = time.monotonic()

    @staticmethod
    def _numpy():
        import numpy  # noqa: F401

    @staticmethod
    def _jax():
        import jax.numpy  # noqa: F401

    @staticmethod
    def _backend():
        import jax.numpy as jnp
        jnp.zeros(1).block_until_ready()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        bucket = self.jax.open()
        start = time.monotonic()
        yield
        self.last = time.monotonic()
        self.jax.close()
        self.record["tests"].append({"nodeid": item.nodeid, "seconds": self.last - start, **bucket})

    @pytest.hookimpl(tryfirst=True)  # before the grader's "finished", after which it stops the child
    def pytest_sessionfinish(self, session):
        self.record["finish"] = time.monotonic() - self.last
        self.record["outside"] = self.jax.outside
        target = os.environ.get("PHYG004_PROFILE_OUT")
        if target:
            with open(target, "a", encoding="utf-8") as out:
                out.write(json.dumps(self.record) + "\n")


def pytest_configure(config):
    config.pluginmanager.register(Profile(), "phyg004-profile")
