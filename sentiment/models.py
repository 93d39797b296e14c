"""Tables owned by sentiment: the tone of each profile match, and analysts' corrections.

The effective tone of a match is `human_label` when an analyst set one, else `model_label`
(`sentiment.labels.effective_tone`). A model run never touches `human_label`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from pantau.core.db import UTCDateTime
from pantau.core.timeutil import utcnow


class SentimentLabel(SQLModel, table=True):
    __tablename__ = "sentiment_label"
    # Counting tones over a year reads one label per match: a covering index lets SQLite and
    # PostgreSQL answer from the index alone (see benchmarks/bench_indicators.py).
    __table_args__ = (Index("ix_sentiment_label_tone", "match_id", "human_label", "model_label"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mention_match.id", unique=True, ondelete="CASCADE")
    model_label: str | None = Field(default=None, max_length=10, index=True)
    model_score: float | None = None
    model_name: str | None = Field(default=None, max_length=300)
    model_version: str | None = Field(default=None, max_length=100)
    labelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # [{"passage": str, "label": str, "score": float}, ...]
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    human_label: str | None = Field(default=None, max_length=10, index=True)
    human_by: str | None = Field(default=None, max_length=200)
    human_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LabelCorrection(SQLModel, table=True):
    """History of analysts' corrections: who, when, from what to what."""

    __tablename__ = "label_correction"

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mention_match.id", index=True, ondelete="CASCADE")
    old_label: str | None = Field(default=None, max_length=10)
    new_label: str = Field(max_length=10)
    corrected_by: str = Field(max_length=200)
    corrected_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    note: str | None = Field(default=None, sa_column=Column(Text))
