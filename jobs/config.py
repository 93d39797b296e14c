"""Config sections owned by jobs: schedules (`[schedule]`) and alerts (`[alerts]`); and
`JobsConfig`, the sections of the whole configuration that jobs read.

Times of day are written "HH:MM" and read in Asia/Jakarta (WIB).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from collectors.config import MonitoringConfig
from indicators.config import Comparison, IndicatorsConfig, Institution
from sentiment.config import SentimentConfig
from survey.config import SurveyConfig

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ReportFormat = Literal["html", "pdf", "xlsx", "docx", "pptx"]
_FORMATS: tuple[ReportFormat, ...] = ("html", "pdf")


def _check_time(value: str) -> str:
    if not _HHMM.match(value.strip()):
        raise ValueError(f"jam '{value}' tidak valid, gunakan format JJ:MM (mis. 07:00)")
    return value.strip()


def parse_hhmm(value: str) -> tuple[int, int]:
    hour, minute = value.split(":")
    return int(hour), int(minute)


class CollectGroup(BaseModel):
    """A group of sources collected together every `every_minutes` minutes."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    every_minutes: int = Field(default=60, ge=1, le=24 * 60)
    # Source names; empty means every enabled source.
    sources: list[str] = Field(default_factory=list)
    profile: str | None = None


class ScheduleConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    collect: list[CollectGroup] = Field(
        default_factory=lambda: [CollectGroup(name="semua", every_minutes=60)]
    )
    label_every_minutes: int = Field(default=30, ge=1, le=24 * 60)
    alerts_every_minutes: int = Field(default=30, ge=1, le=24 * 60)
    # The daily run (collect, label, compute, report, alerts) for the previous day.
    daily_report_time: str = "07:00"
    indicators_time: str = "01:00"
    weekly_report_day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    weekly_report_time: str = "07:30"
    monthly_report_day: int = Field(default=1, ge=1, le=28)
    monthly_report_time: str = "08:00"
    report_formats: list[ReportFormat] = Field(default_factory=lambda: list(_FORMATS))
    # Where reports are written; default: <PANTAU_HOME>/laporan.
    report_dir: Path | None = None
    # A run missed (scheduler down) is still started this long after its time, once.
    misfire_grace_minutes: int = Field(default=180, ge=1)
    collect_timeout_minutes: int = Field(default=30, ge=1)
    job_timeout_minutes: int = Field(default=120, ge=1)
    max_parallel_jobs: int = Field(default=4, ge=1, le=32)
    # With a task queue (PANTAU_BROKER_URL): sources per collection task, matches per
    # labelling task, and how often a task whose worker died is tried before it is `gagal`.
    sources_per_task: int = Field(default=10, ge=1, le=1000)
    labels_per_task: int = Field(default=200, ge=1, le=10000)
    task_attempts: int = Field(default=3, ge=1, le=20)
    # Finished units of work (`work_task`) are deleted by the daily run after this many days.
    task_retention_days: int = Field(default=30, ge=1, le=3650)

    _times = field_validator(
        "daily_report_time", "indicators_time", "weekly_report_time", "monthly_report_time"
    )(_check_time)

    @model_validator(mode="after")
    def _unique_groups(self) -> ScheduleConfig:
        names = [g.name for g in self.collect]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"nama grup pengumpulan ganda: {', '.join(dupes)}")
        return self


class EmailChannel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: Literal["email"]
    host: str
    port: int = 587
    starttls: bool = True
    ssl: bool = False  # SMTPS (implicit TLS, port 465)
    username: str | None = None
    password: SecretStr | None = None
    # A CA bundle to trust (self-signed internal mail servers); default: the system store.
    ca_file: Path | None = None
    sender: str = "pantau@localhost"
    to: list[str] = Field(min_length=1)
    timeout_seconds: float = 30.0
    # The organisation unit (`[[units]]` code) whose recipients these are; a rule of a unit
    # sends only to its unit's channels. Empty: the deployment's.
    unit: str | None = None


class WebhookChannel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: Literal["webhook"]
    # Secret: a Telegram bot URL carries its token.
    url: SecretStr
    # json: {"judul", "pesan", "aturan", "kunci"}; telegram: {"chat_id", "text"};
    # slack (Slack, Mattermost, Rocket.Chat, Discord-compatible): {"text"}.
    format: Literal["json", "telegram", "slack"] = "json"
    chat_id: str | None = None
    headers: dict[str, SecretStr] = Field(default_factory=dict)
    timeout_seconds: float = 15.0
    # The organisation unit (`[[units]]` code) whose recipients these are; a rule of a unit
    # sends only to its unit's channels. Empty: the deployment's.
    unit: str | None = None

    @model_validator(mode="after")
    def _telegram_needs_chat(self) -> WebhookChannel:
        if self.format == "telegram" and not self.chat_id:
            raise ValueError("format telegram memerlukan chat_id")
        return self


class AlertRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["negative_outlet", "negative_share", "volume_spike", "source_failing",
                  "followup_overdue"]
    name: str | None = None
    # negative_outlet: outlets (case-insensitive) whose negative mentions are announced.
    outlets: list[str] = Field(default_factory=list)
    # negative_share: percent of labelled matches of the day.
    threshold: float = Field(default=30.0, ge=0, le=100)
    # negative_share / volume_spike: no alert below this many matches in the day.
    min_mentions: int = Field(default=10, ge=0)
    # volume_spike: the day's count against the average of the previous `trailing_days`.
    factor: float = Field(default=2.0, gt=1.0)
    trailing_days: int = Field(default=7, ge=1, le=90)
    # source_failing: consecutive failed collections.
    failures: int = Field(default=3, ge=1)
    # Limit to one monitoring profile (by name); default: all profiles.
    profile: str | None = None
    # Channel names; default: every channel of the rule's unit.
    channels: list[str] = Field(default_factory=list)
    # The organisation unit (`[[units]]` code) the rule watches: only its profiles' mentions
    # and its follow-ups, sent to its channels. Empty: the deployment (every profile).
    unit: str | None = None

    @model_validator(mode="after")
    def _outlets_listed(self) -> AlertRule:
        if self.kind == "negative_outlet" and not self.outlets:
            raise ValueError("aturan negative_outlet memerlukan daftar outlets")
        return self

    @property
    def label(self) -> str:
        return self.name or self.kind


class AlertsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    channels: list[EmailChannel | WebhookChannel] = Field(default_factory=list)
    rules: list[AlertRule] = Field(default_factory=list)
    max_attempts: int = Field(default=3, ge=1, le=10)
    backoff_seconds: float = Field(default=2.0, ge=0)
    # A delivery that failed is tried again by later checks for this long.
    retry_hours: int = Field(default=24, ge=0)

    @model_validator(mode="after")
    def _channels_exist(self) -> AlertsConfig:
        names = [c.name for c in self.channels]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"nama kanal ganda: {', '.join(dupes)}")
        units = {c.name: c.unit for c in self.channels}
        for rule in self.rules:
            unknown = [c for c in rule.channels if c not in names]
            if unknown:
                raise ValueError(
                    f"aturan {rule.label} menyebut kanal yang tidak ada: {', '.join(unknown)}"
                )
            foreign = [c for c in rule.channels if units[c] != rule.unit]
            if foreign:
                raise ValueError(
                    f"aturan {rule.label} (unit {rule.unit or 'penyelenggara'}) menyebut kanal "
                    f"unit lain: {', '.join(foreign)}"
                )
        return self


class OrgUnit(Protocol):
    """An organisation unit of the deployment (`[[units]]`, `pantau.core.units`)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def report_dir(self) -> Path | None: ...


class JobsConfig(MonitoringConfig, Protocol):
    """What the jobs read of the configuration: their own sections, and the sections of the
    domains their steps run (collecting's `MonitoringConfig`, label, compute, report). The
    edges (CLI, the scheduler's worker, the demo) pass the whole `PantauConfig`, which has
    them all."""

    @property
    def schedule(self) -> ScheduleConfig: ...
    @property
    def alerts(self) -> AlertsConfig: ...
    @property
    def sentiment(self) -> SentimentConfig: ...
    @property
    def survey(self) -> SurveyConfig: ...
    @property
    def indicators(self) -> IndicatorsConfig: ...
    @property
    def institution(self) -> Institution: ...
    @property
    def comparisons(self) -> Sequence[Comparison]: ...
    @property
    def units(self) -> Sequence[OrgUnit]: ...
