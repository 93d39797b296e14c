"""Tables owned by indicators: plan documents (RKT/IKU/PK) and their versions (a plan
revised within its year keeps every version, each with the date it takes effect), the
sasaran and indicators of each version, manual values entered by people (attached to the
plan and the indicator's code, so they follow the indicator through revisions; their
history is in the audit log), and stored indicator values per period with the inputs
they were computed from (so anyone can recompute them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from pantau.core.db import BigId, UTCDateTime
from pantau.core.timeutil import utcnow
from pantau.core.units import DEFAULT_UNIT

PLAN_KINDS = ("RKT", "IKU", "PK")
INDICATOR_UNITS = ("%", "skor", "indeks", "jumlah")
POLARITIES = ("higher", "lower")
SOURCES = ("negative_share", "ikm", "daily_report_on_time", "collection_success", "manual")


class Plan(SQLModel, table=True):
    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("org_unit", "kind", "unit", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    # The organisation unit that owns the plan (`pantau.core.units`); its users see it.
    org_unit: str = Field(default=DEFAULT_UNIT, max_length=50, index=True)
    kind: str = Field(max_length=10)  # RKT | IKU | PK
    unit: str = Field(max_length=300)
    year: int = Field(index=True)
    title: str = Field(default="", sa_column=Column(Text, nullable=False))
    institution: str | None = Field(default=None, max_length=300)
    source_file: str | None = Field(default=None, max_length=500)
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PlanVersion(SQLModel, table=True):
    """One version of a plan: the document as in force from `effective_from` until the
    next version's date. Versions are numbered by that date (1 = the first)."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "effective_from"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    effective_from: date
    title: str = Field(default="", sa_column=Column(Text, nullable=False))
    institution: str | None = Field(default=None, max_length=300)
    source_file: str | None = Field(default=None, max_length=500)
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    imported_by: str = Field(default="", max_length=200)
    note: str | None = Field(default=None, sa_column=Column(Text))  # keterangan_revisi
    # What changed against the version before it, in Indonesian, one line each.
    changes: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class Sasaran(SQLModel, table=True):
    __tablename__ = "plan_sasaran"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    version_id: int = Field(foreign_key="plan_version.id", index=True, ondelete="CASCADE")
    position: int = 0
    code: str | None = Field(default=None, max_length=50)
    text: str = Field(sa_column=Column(Text, nullable=False))


class Indicator(SQLModel, table=True):
    __tablename__ = "plan_indicator"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    version_id: int = Field(foreign_key="plan_version.id", index=True, ondelete="CASCADE")
    # The indicator's identity across versions: "code:<code>" or "name:<name>".
    key: str = Field(max_length=400)
    sasaran_id: int = Field(foreign_key="plan_sasaran.id", index=True, ondelete="CASCADE")
    position: int = 0
    code: str | None = Field(default=None, max_length=50)
    name: str = Field(sa_column=Column(Text, nullable=False))
    unit: str = Field(max_length=20)  # % | skor | indeks | jumlah
    target: float
    target_text: str = Field(default="", max_length=200)  # as written, e.g. "Skor 75"
    polarity: str = Field(default="higher", max_length=10)  # higher | lower
    source: str = Field(default="manual", max_length=30)
    profile: str | None = Field(default=None, max_length=100)
    media_type: str | None = Field(default=None, max_length=30)
    survey_unit: str | None = Field(default=None, max_length=100)
    survey_service: str | None = Field(default=None, max_length=300)
    formula: str | None = Field(default=None, sa_column=Column(Text))
    data_source: str | None = Field(default=None, sa_column=Column(Text))
    # Quarterly targets as written, e.g. {"TW1": "< 25%", "TW2": "25%"} (may be empty).
    quarter_targets: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON))


class ManualValue(SQLModel, table=True):
    """A value entered by a person for one indicator (of a plan, by its key: the value
    holds in every version that keeps the indicator) and period, with evidence. Each
    change is in the audit log (`indicator.manual_value`), its history."""

    __tablename__ = "indicator_manual_value"
    __table_args__ = (UniqueConstraint("plan_id", "indicator_key", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    indicator_key: str = Field(max_length=400)
    period: str = Field(max_length=30)  # period code, e.g. 2023-TW2
    value: float
    entered_by: str = Field(max_length=200)
    entered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    evidence: str | None = Field(default=None, sa_column=Column(Text))
    evidence_link: str | None = Field(default=None, sa_column=Column(Text))


class IndicatorValueRecord(SQLModel, table=True):
    """The stored result of computing an indicator for a period, with its inputs."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="plan_indicator.id", index=True, ondelete="CASCADE")
    period: str = Field(max_length=30)
    realisasi: float | None = None
    capaian: float | None = None
    status: str = Field(max_length=20)
    inputs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    computed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FollowUp(SQLModel, table=True):
    """An organisation unit's response to one negative story (a duplicate group): what is
    done, by whom, by when, and what came of it. Keyed by one copy of the story (`story_id`:
    its first stored copy when the follow-up was made) and the unit; it belongs to that
    copy's story and is found through any copy, so every copy of a reprinted story shares
    one follow-up per unit, and two units whose profiles matched the same story each have
    their own (why a copy and not the story's id: `indicators.followups`)."""

    __tablename__ = "followup"
    __table_args__ = (UniqueConstraint("story_id", "org_unit"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="mention_key.id", index=True, ondelete="CASCADE",
                          sa_type=BigId)
    # The organisation unit whose follow-up this is (`pantau.core.units`).
    org_unit: str = Field(default=DEFAULT_UNIT, max_length=50, index=True)
    action: str | None = Field(default=None, max_length=30)
    owner: str | None = Field(default=None, max_length=200)
    deadline: date | None = Field(default=None, index=True)
    status: str = Field(default="baru", max_length=20, index=True)
    outcome: str | None = Field(default=None, sa_column=Column(Text))
    links: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: str = Field(max_length=200)
    # When the status first became "selesai" (kept while it stays so): the response time.
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReportAnalysis(SQLModel, table=True):
    """An analyst's conclusion and recommendations (Kesimpulan, Saran) for the media report
    of one period (a daily, weekly or monthly report); its history is in the audit log."""

    __tablename__ = "report_analysis"
    __table_args__ = (UniqueConstraint("kind", "period_start", "period_end"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # daily | weekly | monthly
    period_start: date = Field(index=True)
    period_end: date
    conclusion: str = Field(default="", sa_column=Column(Text, nullable=False))
    recommendations: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: str = Field(max_length=200)
