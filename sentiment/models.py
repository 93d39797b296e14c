"""Tables owned by sentiment: the tone of each profile match, and analysts' corrections.

The effective tone of a match is `human_label` when an analyst set one, else `model_label`
(`sentiment.labels.effective_tone`). A model run never touches `human_label`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from pantau.core.db import BigId, UTCDateTime
from pantau.core.timeutil import utcnow


class SentimentLabel(SQLModel, table=True):
    __tablename__ = "sentiment_label"
    # Counting tones over a year reads one label per match: a covering index lets SQLite and
    # PostgreSQL answer from the index alone (see benchmarks/bench_indicators.py).
    __table_args__ = (Index("ix_sentiment_label_tone", "match_id", "human_label", "model_label"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    match_id: int = Field(foreign_key="mention_match.id", unique=True, ondelete="CASCADE",
                          sa_type=BigId)
    model_label: str | None = Field(default=None, max_length=10, index=True)
    model_score: float | None = None
    model_name: str | None = Field(default=None, max_length=300)
    model_version: str | None = Field(default=None, max_length=100)
    # Indexed: the labelling rate (`pantau_labels_last_hour`) reads the last hour.
    labelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # [{"passage": str, "label": str, "score": float}, ...]
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    human_label: str | None = Field(default=None, max_length=10, index=True)
    human_by: str | None = Field(default=None, max_length=200)
    human_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LabelCorrection(SQLModel, table=True):
    """History of analysts' corrections: who, when, from what to what."""

    __tablename__ = "label_correction"

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mention_match.id", index=True, ondelete="CASCADE",
                          sa_type=BigId)
    old_label: str | None = Field(default=None, max_length=10)
    new_label: str = Field(max_length=10)
    corrected_by: str = Field(max_length=200)
    corrected_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    note: str | None = Field(default=None, sa_column=Column(Text))


class AuditSample(SQLModel, table=True):
    """A random audit sample of model-labelled matches of one period (and profile), drawn
    stratified by the model's label (`indicators.audit`). The frame is fixed when drawn:
    `strata` holds N_h per model label, `known_negative`/`known_total` the matches an
    analyst had already labelled (kept as they are). Analysts label the items in the review
    queue or with `pantau sentiment correct`; their human label is the audit's answer."""

    __tablename__ = "audit_sample"

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=40, index=True)  # the period's code, e.g. 2026-05
    profile: str | None = Field(default=None, max_length=100, index=True)  # None: all
    basis: str = Field(max_length=30)  # the counting basis the frame was formed by
    seed: int = Field(sa_type=BigInteger)
    margin: float | None = None  # target margin (percentage points) the size was chosen for
    size: int
    strata: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON))
    known_negative: int = 0
    known_total: int = 0
    drawn_by: str = Field(max_length=200)
    drawn_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AuditItem(SQLModel, table=True):
    __tablename__ = "audit_item"
    __table_args__ = (UniqueConstraint("sample_id", "match_id"),)

    id: int | None = Field(default=None, primary_key=True)
    sample_id: int = Field(foreign_key="audit_sample.id", index=True, ondelete="CASCADE")
    match_id: int = Field(foreign_key="mention_match.id", index=True, ondelete="CASCADE",
                          sa_type=BigId)
    mention_id: int = Field(sa_type=BigId)
    model_label: str = Field(max_length=10)  # the stratum: the model's label when drawn
