"""Benchmark: reading survey XLSX files with pantau.core.xlsx against openpyxl's read-only
mode (what Pantau used before).

    python benchmarks/bench_xlsx.py [--rows 100000]

Two layouts of the same survey table (17 columns): Excel's own (shared strings, as an
office saves it) and inline strings (as openpyxl's write-only mode saves it). Prints rows/s
(wall and CPU time) and peak memory. Target: >= 50,000 rows/s, 20x the 2,100 rows/s measured
for openpyxl in issue 15.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pantau.core.xlsx import open_xlsx  # noqa: E402

HEADER = ["No", "Tanggal Survei", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan",
          "Jenis Layanan", *[f"U{i}" for i in range(1, 10)], "Saran"]


def build(path: Path, rows: int, *, write_only: bool) -> None:
    from openpyxl import Workbook

    rng = random.Random(7)
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("Data") if write_only else wb.active
    ws.append(HEADER)
    for n in range(rows):
        ws.append([n + 1, date(2025, 1 + n % 12, 1 + n % 28), rng.choice("LP"),
                   18 + n % 60, rng.choice(["SMA", "D3", "S1", "S2"]),
                   rng.choice(["PNS", "Swasta", "Wirausaha"]), "Informasi",
                   *[rng.randint(1, 4) for _ in range(9)],
                   rng.choice(["Pelayanan ramah", None, "Antrean lama", None])])
    wb.save(path)


def ours(path: Path) -> int:
    book = open_xlsx(path)
    n = 0
    try:
        for _title, rows in book.sheets():
            for _ in rows:
                n += 1
            break
    finally:
        book.close()
    return n


def openpyxl_rows(path: Path, limit: int) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for _ in wb.worksheets[0].iter_rows(values_only=True):
        n += 1
        if n >= limit:
            break
    wb.close()
    return n


def timed(fn: object, *args: object) -> tuple[int, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    n = fn(*args)  # type: ignore[operator]
    return n, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, write_only in (("Excel (shared strings)", False),
                                  ("inline strings", True)):
            path = Path(tmp) / f"{write_only}.xlsx"
            build(path, args.rows, write_only=write_only)
            n, wall, cpu = timed(ours, path)
            sample = min(args.rows, 20_000)
            m, owall, ocpu = timed(openpyxl_rows, path, sample)
            print(f"{label}: {path.stat().st_size / 1e6:.1f} MB, {n} rows")
            print(f"  pantau.core.xlsx: {n / wall:,.0f} rows/s wall, {n / cpu:,.0f} rows/s CPU")
            print(f"  openpyxl read-only: {m / owall:,.0f} rows/s wall, {m / ocpu:,.0f} rows/s "
                  f"CPU ({sample} rows)")
            print(f"  speed-up (CPU): {(n / cpu) / (m / ocpu):.1f}x")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print("target: >= 50,000 rows/s")


if __name__ == "__main__":
    main()
