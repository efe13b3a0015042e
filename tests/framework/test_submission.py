"""The stand-in for a student's module: oracles substituted for a graded callee, and restored."""

import pytest

from autograder.submission import SUBMISSION_ENV, forget_submissions, submission_module

MODULE = '''
def inner(x):
    return x + 1      # the student's callee, with whatever bug it has

def outer(x):
    return 2 * inner(x)
'''


@pytest.fixture
def toy(tmp_path, monkeypatch):
    (tmp_path / "week99_toy").mkdir()
    (tmp_path / "week99_toy" / "toy.py").write_text(MODULE)
    monkeypatch.setenv(SUBMISSION_ENV, str(tmp_path))
    yield submission_module("week99_toy", "toy.py")
    forget_submissions()


def test_oracle_reaches_the_callers_inside_the_module_and_is_restored(toy):
    with toy.oracles(inner=lambda x: x + 10):
        assert toy.outer(1) == 22
        assert toy.inner(1) == 11
    assert toy.outer(1) == 4


def test_a_name_the_module_lacked_is_removed_again(toy):
    with toy.oracles(helper=abs):
        assert toy.helper(-2) == 2
    with pytest.raises(Exception, match="does not define 'helper'"):
        toy.helper


def test_restored_even_when_the_block_fails(toy):
    with pytest.raises(ZeroDivisionError), toy.oracles(inner=lambda x: 1 / 0):
        toy.outer(1)
    assert toy.outer(1) == 4
