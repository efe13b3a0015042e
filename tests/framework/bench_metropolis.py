"""Spin-flip attempts per second: the reference checkerboard sweep against a per-site loop.

    python tests/framework/bench_metropolis.py [--chains 256] [--size 32] [--seconds 3]

Both run in this one process on the same lattices at T = 2.5: the vectorised reference
`metropolis_sweep` of solutions/week04_cnn_ising/ising.py (the sampler of the week's
notebook), and the plain Python loop over chains and sites of the correct variant
`sweep_python_loops` of tests/week04_cnn_ising/variants/ising.diff (one attempt per site,
scalar random numbers, the reference's `delta_energy` and `acceptance_prob`).  The spins
are int8, as in the notebook.  The reference is single-threaded numpy: one core does the work.
Not collected by pytest (no test_ prefix): a measurement, not a check.
"""

import argparse
import time
from pathlib import Path

import numpy as np

from autograder.instructor.patches import apply_variant, parse_variants

REPO = Path(__file__).resolve().parents[2]
WEEK = "week04_cnn_ising"
LOOP_VARIANT = "sweep_python_loops"


def load_sweeps():
    """The reference metropolis_sweep and the per-site loop variant, each from its own module namespace."""
    reference_source = (REPO / "solutions" / WEEK / "ising.py").read_text()
    variants = parse_variants(REPO / "tests" / WEEK / "variants" / "ising.diff", "ising.py")
    loop = next(variant for variant in variants if variant.name == LOOP_VARIANT)
    sweeps = []
    for name, source in (("ising.py", reference_source), ("ising_loop.py", apply_variant(reference_source, loop))):
        namespace = {}
        exec(compile(source, name, "exec"), namespace)
        sweeps.append(namespace["metropolis_sweep"])
    return sweeps


def attempts_per_second(sweep, spins, beta, seconds):
    """Sweep repeatedly for about `seconds`; every sweep makes spins.size attempts."""
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
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    spins = np.random.default_rng(1).choice(np.array([-1, 1], dtype=np.int8), size=(args.chains, args.size, args.size))
    vectorised, looped = load_sweeps()
    fast = attempts_per_second(vectorised, spins, 1 / 2.5, seconds=args.seconds)
    slow = attempts_per_second(looped, spins, 1 / 2.5, seconds=args.seconds)
    print(f"{args.chains} chains of {args.size}x{args.size} at T = 2.5")
    print(f"checkerboard (reference): {fast:.3g} attempts/s")
    print(f"per-site Python loop:     {slow:.3g} attempts/s")
    print(f"speed-up:                 {fast / slow:.0f}x")


if __name__ == "__main__":
    main()
