"""Keeping the database's operational tables from growing without bound: the task queue's
ledger (`work_task`, one row per unit of work, tens of thousands a day on a large
deployment) keeps finished units for `[schedule] task_retention_days` days; the daily run
deletes older ones (its `maintenance` step).

A finished unit (`selesai` or `gagal`) is never read again by the engine: its row only makes
a second delivery of the same message a no-op, and deliveries come back within minutes, not
days. Units still pending or running are never deleted, whatever their age; the job runs
(`job_run`, the history the indicators read) are kept."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from jobs.models import GAGAL_TUGAS, SELESAI, WorkTask


def prune_work_tasks(session: Session, *, keep_days: int, now: datetime) -> int:
    """Delete the units of work that finished more than `keep_days` days before `now`;
    return how many."""
    result = session.execute(delete(WorkTask).where(
        col(WorkTask.status).in_((SELESAI, GAGAL_TUGAS)),
        col(WorkTask.finished_at) < now - timedelta(days=keep_days)))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
