"""Tables owned by jobs: alert deliveries. The history of every run is the core's
operational run log (`pantau.core.runlog.JobRun`, table `job_run`), which jobs write.

The scheduler's own job store (APScheduler, table `apscheduler_jobs`) lives in the same
database but is created and managed by APScheduler, not by these models.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
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
