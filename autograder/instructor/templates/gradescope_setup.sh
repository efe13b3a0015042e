#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image (Ubuntu): a
# Python of the release's range (@MIN_PYTHON@ or newer), a virtual environment in
# /autograder/venv, and in it the locked runtime (requirements.lock, hash-checked) and the
# release's package.  Written by `python -m autograder.instructor release --gradescope`.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
release="$root/source"
export DEBIAN_FRONTEND=noninteractive

find_python() {
    local candidate
    for candidate in python3.14 python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
            'import sys; sys.exit(sys.version_info[:2] < tuple(map(int, sys.argv[1].split("."))))' "@MIN_PYTHON@"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

if ! python="$(find_python)"; then
    apt-get update -q
    apt-get install -y -q --no-install-recommends "python@MIN_PYTHON@" "python@MIN_PYTHON@-venv"
    python="$(find_python)"
fi
if ! "$python" -m venv "$root/venv"; then  # Ubuntu ships ensurepip in python3.X-venv
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    apt-get update -q
    apt-get install -y -q --no-install-recommends "python$version-venv"
    "$python" -m venv --clear "$root/venv"
fi

pip=("$root/venv/bin/python" -m pip install --no-input --disable-pip-version-check)
if [ -f "$release/requirements.lock" ]; then
    "${pip[@]}" --require-hashes -r "$release/requirements.lock"
    "${pip[@]}" --no-deps "$release"
else
    "${pip[@]}" "$release"
fi
"$root/venv/bin/python" -m autograder --help >/dev/null  # the runtime imports
