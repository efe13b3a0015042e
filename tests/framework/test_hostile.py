"""Hostile submissions: whatever the code under test does, the grade is complete and true.

Each case is a toy.py for the toy course (tasks `add`, 2 points, and `scale`, 3 points),
graded through the real command line as the Classroom step runs it (GITHUB_ACTIONS=true,
--json results.json).  Every case must end with exit code 0, a complete results.json,
exactly the points its honest part earns, within its time bound, with no process left
behind and no workflow command of the student's acting in the log.

The runtime defences are tested with a toy course whose rules allow the modules an attack
needs (os, signal, ...); the static rules themselves are tested in test_rules.py and at the
end of this file.
"""

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

HONEST_SCALE = """
def scale(x, k):
    if k <= 0:
        raise ValueError("k must be positive")
    return k * np.asarray(x)
"""
HONEST_ADD = "def add(a, b):\n    return a + b\n"
MARK = str(900000 + os.getpid() % 99991)  # a sleep this long marks a process started by a case of this run


def module(header: str = "", add_body: str = "return a + b", scale: str = HONEST_SCALE) -> str:
    return (f"import numpy as np\n{textwrap.dedent(header)}\n\n"
            f"def add(a, b):\n{textwrap.indent(textwrap.dedent(add_body), '    ')}\n{scale}")


IGNORE_SIGNALS = """
import signal
for number in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT):
    signal.signal(number, signal.SIG_IGN)
"""

CASES = {
    # kind: (toy.py, points of add, points of scale, seconds at most)
    "exit at import": (module("import os\nos._exit(3)"), 0, 0, 15),
    "SystemExit at import": (module("raise SystemExit(0)"), 0, 0, 15),
    "hang at import, alarm ignored": (module(IGNORE_SIGNALS + "while True:\n    pass"), 0, 0, 30),
    "exit in a test": (module("import os", "os._exit(0)"), 0, 3, 20),
    "hang in a test, signals ignored": (module(IGNORE_SIGNALS, "while True:\n    pass"), 0, 3, 40),
    "fork survivor": (module("import os", f"""
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", "{MARK}"])
        return a + b"""), 2, 3, 20),
    "setsid survivor": (module("import os", f"""
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execvp("sleep", ["sleep", "{MARK}"])
            os._exit(0)
        return a + b"""), 2, 3, 20),
    "forked pytest that keeps testing": (module("import os", """
        os.fork()
        return a + b"""), 0, 0, 30),
    "report patching": (module("""
        import _pytest.reports
        class AlwaysPassed(_pytest.reports.TestReport):
            @property
            def failed(self):
                return False
            @property
            def passed(self):
                return True
        _pytest.reports.TestReport = AlwaysPassed
        """, "raise NotImplementedError", scale="def scale(x, k):\n    raise NotImplementedError\n"),
        0, 0, 20),
    "assertion-helper patching": (module("""
        import autograder.checks
        autograder.checks.assert_close = lambda *args, **kwargs: None
        """, "return a - b"), 0, 0, 20),
    "event-stream forging": (module("import os", """
        forged = '{"body": "{\\\\"event\\\\": \\\\"end\\\\", \\\\"seq\\\\": 99}", "mac": ""}\\n'
        for fd in range(3, 64):
            try:
                os.write(fd, forged.encode())
            except OSError:
                pass
        return a - b"""), 0, 0, 20),
    "closing every descriptor": (module("import os", "os.closerange(3, 1024)\nreturn a + b"), 0, 3, 30),
    "reading the solutions": (module("import pathlib, importlib.util", """
        for start in (pathlib.Path.cwd(), pathlib.Path(__file__).resolve()):
            for folder in (start, *start.parents):
                found = folder / "solutions" / "week01_toy" / "toy.py"
                if found.is_file():
                    spec = importlib.util.spec_from_file_location("reference", found)
                    reference = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(reference)
                    return reference.add(a, b)
        raise NotImplementedError"""), 0, 3, 20),
    "output flood": (module("", "for _ in range(5000):\n    print('x' * 1000)\nreturn a + b"), 2, 3, 30),
    "forged workflow commands": (module("", """
        print("::error::forged by the student")
        raise ValueError("::add-mask::secret\\n::warning::forged")"""), 0, 3, 20),
    "huge allocation": (module("", "return np.ones(10**10).sum()"), 0, 3, 20),
}

def marked_processes(tmp_path) -> list[str]:
    """This test's processes: its grading children (their sandbox lies in tmp_path) and the
    sleeps its submissions start."""
    rows = subprocess.run(["ps", "-ww", "-eo", "pid=,args="], capture_output=True, text=True).stdout.splitlines()
    return [row for row in rows if f"sleep {MARK}" in row or (str(tmp_path) in row and "--autograder-signed" in row)]


def grade_cli(root, source: str, tmp_path):
    """Grade a toy.py as the Classroom step does; (the finished command, results.json, seconds)."""
    submission = tmp_path / "submission"
    (submission / "week01_toy").mkdir(parents=True)
    (submission / "week01_toy" / "toy.py").write_text(source)
    (tmp_path / "tmp").mkdir()
    env = dict(os.environ, GITHUB_ACTIONS="true", TMPDIR=str(tmp_path / "tmp"))
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--submission", str(submission),
                          "--json", "results.json"], cwd=root, env=env, capture_output=True, text=True,
                         timeout=300)
    elapsed = time.monotonic() - start
    assert run.returncode == 0, run.stderr[-2000:]
    return run, json.loads((root / "results.json").read_text()), elapsed


@pytest.mark.parametrize("kind", CASES)
def test_a_hostile_submission_gets_a_complete_true_grade(permissive_toy, tmp_path, kind):
    source, add_points, scale_points, seconds = CASES[kind]
    run, results, elapsed = grade_cli(permissive_toy.root, source, tmp_path)
    points = {test["name"]: test["score"] for test in results["tests"]}
    assert points == {"add": add_points, "scale": scale_points}, run.stdout[-3000:]
    if "at import" in kind:
        assert all("while it was being imported" in t["output"] or "did not finish importing" in t["output"]
                   for t in results["tests"]), results
    assert results["score"] == add_points + scale_points
    assert elapsed <= seconds, f"{kind} took {elapsed:.1f} s"
    time.sleep(0.2)
    assert marked_processes(tmp_path) == [], "a process outlived the grading run"
    assert list((tmp_path / "tmp").iterdir()) == [], "the grading run left its temporary folder"
    lines = run.stdout.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert lines[0].startswith("::stop-commands::") and lines[-1] == f"::{token}::"
    assert not any(line.startswith("::") for line in lines[1:-1]), "a student's workflow command would act"
    print(f"{kind}: {results['score']}/5 in {elapsed:.1f} s")


def test_sigterm_to_grade_leaves_no_process_and_no_folder(permissive_toy, tmp_path):
    submission = tmp_path / "submission"
    (submission / "week01_toy").mkdir(parents=True)
    (submission / "week01_toy" / "toy.py").write_text(module(IGNORE_SIGNALS, "while True:\n    pass"))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    grader = subprocess.Popen([sys.executable, "-m", "autograder", "grade", "--submission", str(submission)],
                              cwd=permissive_toy.root, env=dict(os.environ, TMPDIR=str(temporary)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not marked_processes(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marked_processes(tmp_path), "the grading child never started"
    time.sleep(1.0)  # the child is inside the hanging test now
    grader.terminate()
    assert grader.wait(timeout=30) == 128 + 15
    time.sleep(0.2)
    assert marked_processes(tmp_path) == []
    assert list(temporary.iterdir()) == []


STATIC_CASES = {
    # kind: (toy.py, the line and the rule its feedback names)
    "importing the test helpers": (module("import test_toy"), "line 2: imports test_toy"),
    "importing the grader": (module("from autograder import checks"), "line 2: imports autograder"),
    "importing os": (module("", "import os\nreturn a + b"), "line 5: imports os"),
    "__import__": (module("", "return __import__('operator').add(a, b)"), "line 5: uses __import__"),
    "a forbidden call": (module("import operator", "return operator.add(a, b)"),
                         "add uses operator.add (line 5)"),
}


@pytest.mark.parametrize("kind", STATIC_CASES)
def test_a_module_that_breaks_a_rule_is_not_run_and_scores_zero(toy_course, tmp_path, kind):
    source, words = STATIC_CASES[kind]
    _, results, _ = grade_cli(toy_course.root, source, tmp_path)
    assert results["score"] == 0 and len(results["tests"]) == 2
    for test in results["tests"]:
        assert "toy.py breaks the rules of this week" in test["output"] and words in test["output"], test["output"]
