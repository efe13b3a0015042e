"""The grader stops its child once the child has reported that every test is done.

A JAX process takes seconds to tear down (hundreds of compiled executables), and the
grade needs nothing from it after the result stream's `finished` event: waiting for the
interpreter's own exit only cost time.  A submission that lingers at exit (here an atexit
handler that sleeps) shows it: it would hold a grade until the whole run's limit (60 s in
the toy course); stopped at `finished`, its grade is complete and quick.
"""

import time

from autograder.grading import grade_week

LINGER = "import atexit, time\natexit.register(time.sleep, 600)\n"  # before the reference's own code


def test_a_child_that_lingers_at_exit_is_stopped_once_it_has_finished(permissive_toy, tmp_path):
    week = permissive_toy.weeks[0]
    submission = tmp_path / "submission"
    (submission / week.folder).mkdir(parents=True)
    reference = (permissive_toy.root / "solutions" / week.folder / "toy.py").read_text()
    (submission / week.folder / "toy.py").write_text(LINGER + reference)
    start = time.monotonic()
    result = grade_week(permissive_toy, week, submission)
    assert result.score == result.max_score  # every test ran and passed
    assert time.monotonic() - start < permissive_toy.limits.total_timeout / 2
