"""Running jobs once: `pantau run daily`, `pantau run job`, the scheduler's worker process
and `pantau demo` all come through here.

Re-running the daily run for the same day changes nothing already right and duplicates
nothing: collection and labelling are idempotent (unique mention keys, labels only for
unlabelled matches), indicator values are recomputed in place, the report files are
overwritten, and the history gets a new row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from jobs.config import JobsConfig
from jobs.definitions import daily_steps, find_job
from jobs.pipeline import Echo, StepContext, run_job
from pantau.core.errors import InputError
from pantau.core.runlog import JobRun
from pantau.core.settings import get_settings
from pantau.core.timeutil import JAKARTA, utcnow

DAILY_STEPS = ("collect", "label", "indicators", "report", "alerts", "maintenance")


def _silent(_message: str) -> None:
    return None


def default_report_dir(config: JobsConfig) -> Path:
    if config.schedule.report_dir is not None:
        return config.schedule.report_dir
    return get_settings().home / "laporan"


def yesterday_wib(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(JAKARTA).date() - timedelta(days=1)


def run_daily(
    *,
    day: date,
    out_dir: Path | None = None,
    trigger: str = "manual",
    scheduled_for: datetime | None = None,
    only: Sequence[str] | None = None,
    config: JobsConfig,
    echo: Echo = _silent,
) -> JobRun:
    """Run the whole daily pipeline for `day` (collect, label, compute, report, alerts) and
    return the finished `JobRun` of job "daily" (its steps are child rows).

    `only` restricts the steps by name (e.g. `("label", "indicators", "report")` when the
    data was imported rather than collected). Every step reads its sections of `config`
    (the demo passes one with its bundled sample's sources and profiles).
    """
    steps = daily_steps(config)
    if only is not None:
        unknown = sorted(set(only) - set(DAILY_STEPS))
        if unknown:
            raise InputError(
                f"Langkah tidak dikenal: {', '.join(unknown)}. "
                f"Pilihan: {', '.join(DAILY_STEPS)}."
            )
        steps = [s for s in steps if s.name in only]
    out_dir = out_dir or default_report_dir(config)
    echo(f"Proses harian untuk {day:%d-%m-%Y}; laporan ke {out_dir}")
    ctx = StepContext(day=day, now=utcnow(), out_dir=out_dir, config=config, echo=echo)
    return run_job("daily", steps, ctx=ctx, trigger=trigger, scheduled_for=scheduled_for)


def run_scheduled_job(
    job_id: str,
    *,
    config: JobsConfig,
    scheduled_for: datetime | None = None,
    trigger: str = "manual",
    day: date | None = None,
    out_dir: Path | None = None,
    echo: Echo = _silent,
) -> JobRun:
    """Run one job of the schedule now (the scheduler's worker process calls this)."""
    spec = find_job(config, job_id)
    now = utcnow()
    if day is None:
        day = spec.day_for(scheduled_for or now)
    ctx = StepContext(day=day, now=now, out_dir=out_dir or default_report_dir(config),
                      config=config, echo=echo)
    return run_job(job_id, spec.steps(), ctx=ctx, trigger=trigger, scheduled_for=scheduled_for)
