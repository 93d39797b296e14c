"""Benchmark: `pantau demo` on a fresh data folder, then again on the same one.

Each run is a fresh process (`python -m pantau demo` from this checkout) with its own
`PANTAU_HOME` (embedded SQLite) and output folder in a temporary directory. Printed: wall
time and CPU time (user + system of the process, which holds when other work shares the
machine) of the first run and of the second, and the lines the second run printed about
fetching and labelling (it should fetch no article page and label nothing).

    python benchmarks/bench_demo.py

Targets on the project machine: first run under 20 s, second under 10 s. Exit status 1
when one is slower (wall time).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"pertama": 20.0, "kedua": 10.0}


def _cpu_seconds_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(env: dict[str, str], out: Path) -> tuple[float, float, str]:
    cpu = _cpu_seconds_of_children()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pantau", "demo", "--out", str(out)], env=env,
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - start, _cpu_seconds_of_children() - cpu, done.stdout


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items()
               if k not in ("PANTAU_CONFIG", "PANTAU_DATABASE_URL")}
        env["PANTAU_HOME"] = str(Path(tmp) / "home")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        slow = False
        output = ""
        for name, target in TARGETS.items():
            wall, cpu, output = _run(env, Path(tmp) / "demo")
            verdict = "ok" if wall < target else "LAMBAT"
            slow |= wall >= target
            print(f"demo run {name:<8} {wall:6.1f} s  (CPU {cpu:5.1f} s; target < {target:.0f} s)"
                  f"  {verdict}")
        print("second run said:")
        for line in output.splitlines():
            if any(word in line for word in ("halaman", "dilabeli", "diimpor", "Laporan SKM")):
                print(f"  {line.strip()}")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
