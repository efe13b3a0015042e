"""No process outlives a grading run: the children the grader starts, and whatever they start.

- Each grading child runs in its own session and process group (`start`); `finish` kills
  the whole group, whatever state the child ended in.
- A process started by student code that leaves the group (setsid, a double fork) is
  re-parented, on Linux, to the grader itself, which is made a child subreaper; `finish`
  then kills and reaps every such orphan.  Elsewhere the group kill is what remains.
- The child dies with the grader: it asks the kernel for SIGKILL when its parent dies
  (Linux), and it watches its stdin, a pipe only the grader holds, and kills its own group
  when the pipe closes (every POSIX system), so `kill -9` of the grader leaves nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

POSIX = os.name == "posix"
LINUX = sys.platform.startswith("linux")
_PR_SET_PDEATHSIG, _PR_SET_CHILD_SUBREAPER = 1, 36

_lock = threading.Lock()  # Popen and the orphan sweep must not interleave (gradebook threads)
_children: set[int] = set()  # grading children alive now, started by `start`


def _prctl(option: int, value: int) -> bool:
    if not LINUX:
        return False
    return ctypes.CDLL(None).prctl(option, value, 0, 0, 0) == 0  # libc's, from the running process


def start(command: list[str], **options) -> subprocess.Popen:
    """Start a grading child in a new session, with stdin a pipe that only the grader holds."""
    with _lock:
        _prctl(_PR_SET_CHILD_SUBREAPER, 1)
        child = subprocess.Popen(command, stdin=subprocess.PIPE, start_new_session=POSIX,
                                 creationflags=0 if POSIX else subprocess.CREATE_NEW_PROCESS_GROUP, **options)
        _children.add(child.pid)
    return child


def finish(child: subprocess.Popen) -> None:
    """Kill the child's process group and every orphan it left; reap them all."""
    if POSIX:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif child.poll() is None:
        child.kill()
    child.wait()
    if child.stdin is not None:
        child.stdin.close()
    with _lock:
        _children.discard(child.pid)
        _kill_orphans()


def _kill_orphans() -> None:
    """Kill the processes re-parented to this subreaper that are not grading children."""
    if not LINUX:
        return
    while True:
        orphans = [pid for pid in _own_children() if pid not in _children]
        if not orphans:
            return
        for pid in orphans:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def _own_children() -> list[int]:
    me, children = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            children.append(int(stat.parent.name))
    return children


def die_with_parent() -> None:
    """In the child: end this process group when the grader ends, even by SIGKILL."""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if not POSIX:
        return

    def watch():  # os.read on the descriptor: a read through sys.stdin would hold its lock at exit
        try:
            while os.read(0, 65536):
                pass
        except OSError:
            pass
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True, name="autograder-parent-watch").start()
