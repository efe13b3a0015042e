"""Feedback names the input that failed, however hypothesis found it."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.contract import Outcome
from autograder.feedback import describe_failure


def _failure_of(test) -> BaseException:
    with pytest.raises(AssertionError) as caught:
        test()
    return caught.value


def test_a_pinned_example_that_fails_is_shown_as_the_failing_input():
    @settings(database=None, derandomize=True)
    @given(st.integers(0, 10))
    @example(7)
    def never_seven(n):
        assert n != 7, "seven came up"

    outcome, text = describe_failure(_failure_of(never_seven), "No sevens.", "never_seven", None)
    assert outcome is Outcome.FAILED
    assert text.splitlines()[:2] == ["No sevens.", "seven came up"]
    assert "Failing input (one the test always tries): never_seven(\n    n=7," in text


def test_a_shrunk_example_is_shown_as_the_smallest_failing_input():
    @settings(database=None, derandomize=True)
    @given(st.integers(0, 100))
    def small(n):
        assert n < 5, "too big"

    _, text = describe_failure(_failure_of(small), "Small numbers.", "small", None)
    assert "Smallest failing input: small(\n    n=5," in text
