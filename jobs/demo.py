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

from sqlmodel import col, select

from jobs.config import JobsConfig
from jobs.daily import DAILY_STEPS, run_daily
from pantau.core.db import session_scope
from pantau.core.runlog import JobRun
from pantau.core.timeutil import format_wib


def run_jobs_demo(out_dir: Path, echo: Callable[[str], None] = print, *, day: date,
                  config: JobsConfig, only: Sequence[str] = DAILY_STEPS) -> list[Path]:
    """Run the daily pipeline for `day` (trigger "demo") into `out_dir/harian` and return
    the daily report files written."""
    reports = Path(out_dir) / "harian"
    run = run_daily(day=day, out_dir=reports, trigger="demo", only=only, config=config,
                    echo=lambda line: echo(f"Proses harian: {line}"))
    with session_scope() as session:
        steps = session.exec(select(JobRun).where(JobRun.parent_id == run.id)
                             .order_by(col(JobRun.id))).all()
    for step in steps:
        echo(f"Proses harian: {step.job:<14} {step.status:<9} selesai "
             f"{format_wib(step.finished_at)}")
    echo(f"Proses harian {day:%d-%m-%Y}: {run.status} (lihat `pantau runs`).")
    if not reports.is_dir():
        return []
    return sorted(p for p in reports.iterdir() if day.isoformat() in p.name)
