"""Spin-flip attempts per second: the reference checkerboard sweep against a per-site loop.

    python tests/framework/bench_metropolis.py [--chains 256] [--size 32]

Both run in this one process on the same lattices at T = 2.5: the vectorised reference
`metropolis_sweep` of solutions/week04_cnn_ising/ising.py, and the plain Python loop over
chains and sites of the correct variant `correct_sweep_python_loops` (one attempt per
site, scalar random numbers, the reference's `delta_energy` and `acceptance_prob`).
Not collected by pytest (no test_ prefix): a measurement, not a check.
"""

import argparse
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
WEEK = "week04_cnn_ising"


def load_sweeps():
    source = (REPO / "solutions" / WEEK / "ising.py").read_text()
    reference, looped = {}, {}
    exec(compile(source, "ising.py", "exec"), reference)
    loop = (REPO / "tests" / WEEK / "variants" / "ising" / "correct_sweep_python_loops.py").read_text()
    exec(compile(source + "\n" + loop, "ising_loop.py", "exec"), looped)
    return reference["metropolis_sweep"], looped["metropolis_sweep"]


def attempts_per_second(sweep, spins, beta, seconds):
    rng = np.random.default_rng(0)
    sweeps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        spins = sweep(spins, beta, rng)
        sweeps += 1
    return sweeps * spins.size / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chains", type=int, default=256)
    parser.add_argument("--size", type=int, default=32)
    args = parser.parse_args()
    spins = np.random.default_rng(1).choice([-1, 1], size=(args.chains, args.size, args.size))
    vectorised, looped = load_sweeps()
    fast = attempts_per_second(vectorised, spins, 1 / 2.5, seconds=3.0)
    slow = attempts_per_second(looped, spins, 1 / 2.5, seconds=10.0)
    print(f"{args.chains} chains of {args.size}x{args.size} at T = 2.5")
    print(f"checkerboard (reference): {fast:.3g} attempts/s")
    print(f"per-site Python loop:     {slow:.3g} attempts/s")
    print(f"speed-up:                 {fast / slow:.0f}x")


if __name__ == "__main__":
    main()
