"""Benchmark: import 1,000,000 survey responses from CSV and score the stored million.

    python benchmarks/bench_survey.py [--rows 1000000] [--database-url URL]

Targets on the 2-core project machine: import >= 50,000 rows/s, peak memory < 1 GB,
scoring < 2 s. Then a later upload of 1,000 rows into the same unit and period is timed: its
rows are compared with every stored one (repeated rows are skipped).
Without --database-url it uses a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch_database import scratch_database  # noqa: E402

from pantau.core import db  # noqa: E402
from pantau.core.periods import parse_period  # noqa: E402
from survey import synthetic  # noqa: E402
from survey.api import import_file, score_unit  # noqa: E402
from survey.config import SurveyConfig  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None,
                        help="A PostgreSQL admin URL: a fresh database is created and dropped.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, scratch_database(
            args.database_url, Path(tmp) / "bench.db") as url:
        folder = Path(tmp)
        csv_path = folder / "responses.csv"
        t0 = time.perf_counter()
        synthetic.write_csv(csv_path, synthetic.responses(
            args.rows, seed=7, services=("Informasi Publik", "Peliputan", "Pengaduan")))
        size_mb = csv_path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size_mb:.0f} MB) in "
              f"{time.perf_counter() - t0:.1f} s")

        db.upgrade(url)
        period = parse_period("2025-S1")
        t0, c0 = time.perf_counter(), time.process_time()
        result = import_file(csv_path, survey=SurveyConfig(), unit="BENCH", new_unit=True,
                             period=period, database_url=url)
        import_s, import_cpu = time.perf_counter() - t0, time.process_time() - c0
        assert result.stored == args.rows, result.summary()
        rate = result.stored / import_s
        print(f"import: {result.stored:,} rows in {import_s:.2f} s = {rate:,.0f} rows/s "
              f"(target >= 50,000: {'ok' if rate >= 50_000 else 'MISSED'}); "
              f"this process used {import_cpu:.2f} s CPU")

        with db.session_scope(url) as session:
            t0 = time.perf_counter()
            score = score_unit(session, survey=SurveyConfig(), unit="BENCH", period=period)
            score_s = time.perf_counter() - t0
        assert score.respondents == args.rows
        print(f"scoring: {score.respondents:,} responses in {score_s:.3f} s "
              f"(target < 2 s: {'ok' if score_s < 2 else 'MISSED'}; IKM {score.ikm:.2f}, "
              f"mutu {score.grade} {score.label})")
        # A later upload into the same unit and period (a week's forms): its rows are checked
        # against every stored one, so a respondent is not counted twice (these 1,000 repeat
        # stored rows: all skipped).
        later = folder / "later.csv"
        with csv_path.open(encoding="utf-8") as source, later.open("w", encoding="utf-8") as out:
            for _, line in zip(range(1_001), source, strict=False):
                out.write(line)
        before_mb = peak_mb()
        t0 = time.perf_counter()
        again = import_file(later, survey=SurveyConfig(), unit="BENCH", period=period,
                            database_url=url)
        again_s = time.perf_counter() - t0
        assert again.stored == 0 and again.duplicates == 1_000, again.summary()
        print(f"a later upload of 1,000 rows checked against {args.rows:,} stored: "
              f"{again_s:.2f} s, peak memory {before_mb:.0f} -> {peak_mb():.0f} MB")
        print(f"peak memory (maxrss): {peak_mb():.0f} MB "
              f"(target < 1024 MB: {'ok' if peak_mb() < 1024 else 'MISSED'})")
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        db.dispose_engines()


if __name__ == "__main__":
    main()
