"""Tables owned by jobs: the history of every run of every job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from pantau.db import UTCDateTime
from pantau.timeutil import utcnow

# Status values shown to users as they are.
BERHASIL = "berhasil"
GAGAL = "gagal"
TERPUTUS = "terputus"  # left unfinished by a killed process
BERJALAN = "berjalan"  # running now


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
    trigger: str = Field(default="manual", max_length=20)  # schedule | manual | demo
