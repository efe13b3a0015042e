"""Grade one Gradescope submission with this release's tests (run_autograder runs this).

Usage: python gradescope_grade.py ROOT, in ROOT/source (the unpacked autograder zip, a
release of one week).  The student uploads the week's module files, or a whole repository
(a clone of the week's template, or a zip of it): each `<module>.py` is looked for
anywhere in ROOT/submission, preferring one in the week's folder, then the shallowest.
A module not found is graded as the stub (its tasks score 0) and the output says so.
ROOT/results/results.json is Gradescope's results file, always written: when grading
fails, every task scores 0 with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.course import load_course

IGNORED = {".git", "__pycache__", ".ipynb_checkpoints", "__MACOSX", ".venv"}


def find_module(submission: Path, folder: str, module: str) -> Path | None:
    """The submitted file for `module`: in a folder named `folder` first, then the shallowest."""
    found = [path for path in submission.rglob(module)
             if path.is_file() and not path.is_symlink() and not IGNORED & set(path.relative_to(submission).parts)]
    return min(found, key=lambda p: (p.parent.name != folder, len(p.parts), str(p)), default=None)


def grade(root: Path) -> dict:
    course = load_course(Path.cwd())
    [week] = course.weeks
    notes = []
    with tempfile.TemporaryDirectory(prefix="gradescope-") as scratch:
        work = Path(scratch) / "submission" / week.folder
        shutil.copytree(course.root / "assignments" / week.folder, work)  # the stubs
        for module in week.modules:
            path = find_module(root / "submission", week.folder, module)
            if path is None:
                notes.append(f"{module}: not found in your submission, graded as the stub (upload {module})")
                continue
            shutil.copyfile(path, work / module)
            notes.append(f"{module}: graded from {path.relative_to(root / 'submission')}")
        results = Path(scratch) / "results.json"
        done = subprocess.run([sys.executable, "-m", "autograder", "grade", "--submission", str(work.parent),
                               "--json", str(results)], cwd=course.root, stderr=subprocess.PIPE, text=True)
        sys.stderr.write(done.stderr)
        if done.returncode != 0 or not results.is_file():
            reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit code {done.returncode}"
            return {"score": 0, "output": f"The autograder could not grade this submission: {reason}",
                    "tests": [{"name": task.name, "score": 0, "max_score": task.points, "status": "failed",
                               "output": f"not graded: {reason}", "visibility": "visible"} for task in week.tasks]}
        result = json.loads(results.read_text(encoding="utf-8"))
    result["output"] = "\n".join([result.get("output", ""), *notes]).strip()
    for test in result["tests"]:
        test["visibility"] = "visible"  # every test of a week is public (the release ships them all)
    return result


def main(root: Path) -> None:
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(grade(root), indent=2) + "\n"
    partial = results.with_name(".results.json.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, results)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
