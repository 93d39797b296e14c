"""Tables owned by jobs: the history of every run of every job, and alert deliveries.

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

# Status values shown to users as they are.
BERHASIL = "berhasil"
GAGAL = "gagal"
TERPUTUS = "terputus"  # left unfinished by a killed process
BERJALAN = "berjalan"  # running now

# Alert delivery states.
MENGIRIM = "mengirim"  # claimed by a process that is sending it now
TERKIRIM = "terkirim"


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
