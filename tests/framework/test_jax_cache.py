"""The JAX compilation cache of a grading child: one folder per submission and week."""

from pathlib import Path

import pytest

from autograder import jax_cache
from autograder.runner import child_env


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv(jax_cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_each_submission_and_week_has_its_own_folder(cache_root, tmp_path):
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    folders = {jax_cache.cache_folder(week, who) for week in ("week05_vmc", "week06_autodiff") for who in (alice, bob)}
    assert len(folders) == 4 and all(folder.parent == cache_root for folder in folders)


def test_the_same_submission_finds_its_folder_again(cache_root, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert jax_cache.cache_folder("week05_vmc", Path("alice")) == jax_cache.cache_folder("week05_vmc", tmp_path / "alice")


def test_off_turns_the_cache_off(monkeypatch, tmp_path):
    monkeypatch.setenv(jax_cache.ENV, "off")
    monkeypatch.delenv("JAX_COMPILATION_CACHE_DIR", raising=False)
    assert jax_cache.cache_folder("week05_vmc", tmp_path) is None
    assert "JAX_COMPILATION_CACHE_DIR" not in child_env(None)


def test_by_default_it_lives_in_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(jax_cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = jax_cache.cache_folder("week05_vmc", tmp_path / "alice")
    root = jax_cache.user_cache_root()
    assert folder.parent == root and root.name == "phyg004-jax"
    assert tmp_path in root.parents  # under the user's own folders, nowhere shared


def test_the_child_environment_points_jax_at_the_folder(tmp_path):
    env = child_env(tmp_path / "cache")
    assert env["JAX_COMPILATION_CACHE_DIR"] == str(tmp_path / "cache")
    assert float(env["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"]) == 0  # the small executables too
    assert int(env["JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES"]) >= 0  # -1 would turn the cache off


def test_a_class_run_keeps_its_cache_in_a_folder_that_ends_with_it(monkeypatch, tmp_path):
    """gradebook grades inside cache_of_this_run: no entry outlives the run for a regrade to load."""
    monkeypatch.setenv(jax_cache.ENV, str(tmp_path / "user"))
    with jax_cache.cache_of_this_run() as root:
        folder = jax_cache.cache_folder("week05_vmc", tmp_path / "alice")
        assert folder.parent == root and root != tmp_path / "user"
        folder.mkdir()
    assert not root.exists()
    assert jax_cache.cache_folder("week05_vmc", tmp_path / "alice").parent == tmp_path / "user"
