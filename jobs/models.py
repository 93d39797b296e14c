"""Tables owned by jobs: alert deliveries. The history of every run is the core's
operational run log (`pantau.core.runlog.JobRun`, table `job_run`), which jobs write.

The scheduler's own job store (APScheduler, table `apscheduler_jobs`) lives in the same
database but is created and managed by APScheduler, not by these models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from pantau.core.db import UTCDateTime
from pantau.core.timeutil import utcnow

# Alert delivery states; a delivery that failed is `gagal` (`pantau.core.runlog.GAGAL`).
MENGIRIM = "mengirim"  # claimed by a process that is sending it now
TERKIRIM = "terkirim"


class AlertDelivery(SQLModel, table=True):
    """One alert to one channel. The unique (key, channel) makes every alert go out once."""

    __tablename__ = "alert_delivery"
    __table_args__ = (UniqueConstraint("key", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, index=True)
    channel: str = Field(max_length=100)
    rule: str = Field(max_length=100)
    day: str | None = Field(default=None, max_length=10)
    subject: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default=MENGIRIM, max_length=20, index=True)  # mengirim|terkirim|gagal
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# Work task states (the task queue's ledger). Shown to users as they are.
ANTRI = "antri"  # enqueued, not started
DIKERJAKAN = "berjalan"  # a worker runs it now (or ran it and died: it is delivered again)
SELESAI = "selesai"
GAGAL_TUGAS = "gagal"


class WorkTask(SQLModel, table=True):
    """One unit of work of the task queue (`jobs.engine`): a scheduled job's firing
    (`job:<id>@<time>`), or a part of one (`collect` of a few sources, `label` of a batch of
    matches). The unique `key` makes each unit run to completion once, whoever delivers it
    and however often: a worker marks it `selesai` in the same transaction that adds its
    counts to the job's run, and a unit already `selesai` is acknowledged without work."""

    __tablename__ = "work_task"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, unique=True)
    kind: str = Field(max_length=20, index=True)  # job | collect | label
    job: str = Field(max_length=100)
    # The job's run (`job_run`) that this unit's counts go to.
    run_id: int | None = Field(default=None, foreign_key="job_run.id", index=True)
    # What to do: {"sources": [...], "profile": ...} or {"match_ids": [...]} or
    # {"scheduled_for": iso, "trigger": ...}.
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    status: str = Field(default=ANTRI, max_length=20, index=True)
    attempts: int = 0
    host: str | None = Field(default=None, max_length=255)
    pid: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    error: str | None = Field(default=None, sa_column=Column(Text))
