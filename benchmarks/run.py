"""Run Pantau's benchmarks and print their figures.

    python benchmarks/run.py            # every benchmarks/bench_*.py
    python benchmarks/run.py survey     # only bench_survey*.py

Each benchmark is a standalone script that prints its own figures and targets.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    scripts = sorted(HERE.glob("bench_*.py"))
    if wanted:
        scripts = [s for s in scripts if any(s.stem.startswith(f"bench_{w}") for w in wanted)]
    failures = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"== {script.name}: exit {code}, {time.perf_counter() - started:.1f} s\n", flush=True)
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
