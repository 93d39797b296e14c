"""The operational run log: one `job_run` row per run of a job, with its status, counts and
error. `jobs` writes it (`jobs.runs.record_run`); `indicators` reads it for the on-time daily
report and the successful-collection indicators; the web app and `pantau runs` show it.

Why it lives in the core: the log is a fact about operations that two domains need, one
writing and one reading. Kept in `jobs`, it made `indicators` import `jobs` while `jobs`
imports `indicators` to compute them (a cycle). Inverting the dependency instead (a reader
interface in `indicators`, implemented by `jobs` and passed into every computation) would
thread an object through every caller of the indicators, the reports included, for what is
only a table and two queries. So the table and its read queries sit below both, as plain
data: the core knows no job and no indicator, only runs named by strings. Recording a run
(process ids, interrupted runs) stays with `jobs`, which owns running them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, func, or_
from sqlmodel import Field, Session, SQLModel, col, select

from pantau.core.db import UTCDateTime
from pantau.core.errors import NotFoundError
from pantau.core.timeutil import utcnow

# Status values shown to users as they are.
BERHASIL = "berhasil"
GAGAL = "gagal"
TERPUTUS = "terputus"  # left unfinished by a killed process
BERJALAN = "berjalan"  # running now
FINISHED = (BERHASIL, GAGAL, TERPUTUS)


# The words a user reads for the counts a run records ("5 sumber, 31 baru").
COUNT_WORDS = {
    "sources": "sumber", "fetched": "butir diambil", "new": "baru", "duplicates": "duplikat",
    "errors": "galat", "labelled": "dilabeli", "indicators": "indikator", "files": "berkas",
    "alerts_sent": "peringatan terkirim", "alerts_failed": "peringatan gagal",
    "steps_failed": "langkah gagal", "tasks_pruned": "catatan tugas lama dihapus",
}


def describe_counts(counts: dict[str, Any] | None) -> str:
    """A run's counts in words, e.g. "5 sumber, 37 butir diambil, 31 baru"; "-" when none."""
    shown = [f"{value} {COUNT_WORDS.get(key, key.replace('_', ' '))}"
             for key, value in (counts or {}).items()
             if isinstance(value, int | float) and not isinstance(value, bool)]
    return ", ".join(shown) if shown else "-"


class JobRun(SQLModel, table=True):
    __tablename__ = "job_run"

    id: int | None = Field(default=None, primary_key=True)
    # Job id, e.g. "collect:online", "label", "report:daily", "indicators", "daily".
    job: str = Field(index=True, max_length=100)
    # The time the scheduler meant it to run (None for manual runs), and the day it covers.
    scheduled_for: datetime | None = Field(default=None, sa_type=UTCDateTime)
    run_date: str | None = Field(default=None, max_length=10, index=True)  # YYYY-MM-DD (WIB)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default=BERJALAN, max_length=20, index=True)
    # {"fetched": n, "new": n, "labelled": n, "errors": n, ...}
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    error: str | None = Field(default=None, sa_column=Column(Text))
    pid: int | None = None
    host: str | None = Field(default=None, max_length=255)
    trigger: str = Field(default="manual", max_length=20)  # schedule | manual | demo
    # The run of a multi-step job (e.g. "daily") that this step belongs to.
    parent_id: int | None = Field(default=None, foreign_key="job_run.id", index=True)


def get_run(session: Session, run_id: int) -> JobRun:
    run = session.get(JobRun, run_id)
    if run is None:
        raise NotFoundError(f"Riwayat proses {run_id} tidak ditemukan.")
    session.refresh(run)
    return run


def list_runs(
    session: Session, *, job: str | None = None, failed: bool = False, limit: int = 20
) -> list[JobRun]:
    """Most recent first. `job` matches exactly or as a prefix before ':' ("collect")."""
    query = select(JobRun)
    if job:
        query = query.where(or_(col(JobRun.job) == job, col(JobRun.job).startswith(job + ":")))
    if failed:
        query = query.where(col(JobRun.status).in_([GAGAL, TERPUTUS]))
    query = query.order_by(col(JobRun.started_at).desc(), col(JobRun.id).desc()).limit(limit)
    return list(session.exec(query).all())


def last_runs(session: Session) -> dict[str, JobRun]:
    """The latest run of each job id."""
    newest = select(func.max(JobRun.id)).group_by(JobRun.job).scalar_subquery()
    runs = session.exec(select(JobRun).where(col(JobRun.id).in_(newest))).all()
    return {run.job: run for run in sorted(runs, key=lambda r: r.job)}


def first_scheduled_day(session: Session, job: str) -> date | None:
    """The earliest day a scheduled (not manual) run of `job` covered."""
    first = session.exec(select(func.min(JobRun.run_date)).where(
        JobRun.job == job, col(JobRun.scheduled_for).is_not(None))).first()
    return date.fromisoformat(first) if first else None


def runs_covering(session: Session, job: str, start: date,
                  end: date) -> list[tuple[str, str, datetime | None]]:
    """(run_date, status, finished_at) of every run of `job` covering a day in [start, end]."""
    rows = session.exec(select(JobRun.run_date, JobRun.status, JobRun.finished_at).where(
        JobRun.job == job, col(JobRun.run_date) >= start.isoformat(),
        col(JobRun.run_date) <= end.isoformat())).all()
    return [(day, status, finished) for day, status, finished in rows if day is not None]


def scheduled_outcomes(session: Session, job_prefix: str, lo: datetime,
                       hi: datetime) -> dict[str, int]:
    """How many finished scheduled runs of jobs named `job_prefix...` were meant to run in
    [lo, hi), per final status (every status of FINISHED present, zero included)."""
    rows = session.exec(
        select(JobRun.status, func.count())
        .where(col(JobRun.job).startswith(job_prefix), col(JobRun.scheduled_for).is_not(None),
               col(JobRun.scheduled_for) >= lo, col(JobRun.scheduled_for) < hi,
               col(JobRun.status).in_(FINISHED))
        .group_by(JobRun.status)).all()
    return dict.fromkeys(FINISHED, 0) | {status: int(n) for status, n in rows}
