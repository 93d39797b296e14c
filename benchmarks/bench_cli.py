"""Benchmark: how long `pantau --help` and every `pantau <group> --help` take to print.

Each command runs as a fresh process (`python -m pantau ...` from this checkout), several
times; the median wall time and the median CPU time of the process (user + system, which
holds when other work shares the machine) are printed beside the floor every Python CLI
pays, starting the interpreter and importing click (`python -c "import click"`).

    python benchmarks/bench_cli.py [--runs 7]

Target on the 2-core project machine: every help page under 0.3 s. Exit status 1 when one
is slower.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.3


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _cpu_seconds_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall and CPU seconds of `argv` run `runs` times."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu_before = _cpu_seconds_of_children()
        started = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_seconds_of_children() - cpu_before)
    return statistics.median(walls), statistics.median(cpus)


def _groups() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from pantau.cli import COMMANDS

    return sorted(COMMANDS)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    args = parser.parse_args(argv)
    env = _environment()
    python = sys.executable
    print(f"load average {os.getloadavg()[0]:.1f}; {args.runs} runs each, medians")
    print(f"{'command':<34} {'wall':>8} {'CPU':>8}  target: wall < {TARGET_SECONDS * 1000:.0f} ms")
    wall, cpu = _median_seconds([python, "-c", "import click"], args.runs, env)
    floor_label = 'python -c "import click"'
    print(f"{floor_label:<34} {wall * 1000:>5.0f} ms {cpu * 1000:>5.0f} ms  (floor)")
    slow = []
    for words in [[], *([name] for name in _groups())]:
        wall, cpu = _median_seconds([python, "-m", "pantau", *words, "--help"], args.runs, env)
        label = " ".join(["pantau", *words, "--help"])
        verdict = "ok" if wall < TARGET_SECONDS else "TOO SLOW"
        print(f"{label:<34} {wall * 1000:>5.0f} ms {cpu * 1000:>5.0f} ms  {verdict}")
        if wall >= TARGET_SECONDS:
            slow.append(label)
    if slow:
        print(f"slower than {TARGET_SECONDS} s: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
