"""The jobs part of `pantau demo`: the daily run once, through the same code path as
`pantau run daily` and the scheduler, on the data the other demos stored.

Wiring in pantau/demo.py, inside the collectors' sample server block (so the collect step
re-reads the sample sites; it stores nothing twice):

    with sample_sources() as sample:
        config = sample.apply(get_config())
        ...
        written += run_jobs_demo(out_dir, echo, day=date(2026, 11, 16), config=config)

`only` leaves steps out (e.g. the collection, when `config` has no sample sources).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from jobs.config import JobsConfig
from jobs.daily import DAILY_STEPS, run_daily


def run_jobs_demo(out_dir: Path, echo: Callable[[str], None] = print, *, day: date,
                  config: JobsConfig, only: Sequence[str] = DAILY_STEPS) -> list[Path]:
    """Run the daily pipeline for `day` (trigger "demo") into `out_dir/harian` and return
    the daily report files written."""
    reports = Path(out_dir) / "harian"
    run = run_daily(day=day, out_dir=reports, trigger="demo", only=only, config=config,
                    echo=lambda line: echo(f"  {line}"))
    echo(f"  Proses harian {day:%d-%m-%Y}: {run.status} (riwayat: `pantau runs`).")
    if not reports.is_dir():
        return []
    return sorted(p for p in reports.iterdir() if day.isoformat() in p.name)
