"""Shared helpers of the indicators tests: rows inserted straight into the collectors',
sentiment and run-log tables, and the indicators computed with explicit config sections
(no test functions here)."""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from collectors.models import Match, Mention, Profile
from indicators.api import (
    IndicatorValue,
    compute_indicators,
    write_indicator_report,
    write_media_report,
)
from indicators.config import IndicatorsConfig
from pantau.config import InstitutionConfig
from pantau.core.runlog import JobRun
from pantau.core.timeutil import JAKARTA
from sentiment.models import SentimentLabel
from survey.config import SurveyConfig

_seq = itertools.count(1)


def wib(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=JAKARTA)


def add_profile(session: Session, name: str = "instansi") -> int:
    p = Profile(name=name, query=f'"{name}"')
    session.add(p)
    session.flush()
    assert p.id is not None
    return p.id


def add_mention(session: Session, profile_id: int, published: datetime, *,
                model: str | None = None, human: str | None = None, media_type: str = "online",
                outlet: str = "Harian Contoh", group: int | None = None, title: str = "",
                text: str = "", url: str | None = None, passages: list[str] | None = None,
                evidence: list[dict[str, Any]] | None = None, labelled: bool = True) -> int:
    n = next(_seq)
    m = Mention(url_key=f"https://contoh.id/{n}", url=url or f"https://contoh.id/{n}",
                title=title or f"Berita {n}", text=text, outlet=outlet, media_type=media_type,
                published_at=published, content_hash=f"h{n}", duplicate_group=group)
    session.add(m)
    session.flush()
    if group is None:
        m.duplicate_group = m.id
    match = Match(mention_id=m.id, profile_id=profile_id, passages=passages or [])  # type: ignore[arg-type]
    session.add(match)
    session.flush()
    if labelled and (model or human):
        session.add(SentimentLabel(match_id=match.id, model_label=model, human_label=human,  # type: ignore[arg-type]
                                   evidence=evidence or []))
    session.flush()
    assert m.id is not None
    return m.id


def add_job(session: Session, job: str, run_date: str | None, status: str, *,
            scheduled: datetime | None, finished: datetime | None) -> None:
    session.add(JobRun(job=job, run_date=run_date, status=status, scheduled_for=scheduled,
                       started_at=scheduled or finished or datetime.now(JAKARTA),
                       finished_at=finished, trigger="schedule" if scheduled else "manual"))
    session.flush()


def compute(session: Session, *, indicators: IndicatorsConfig | None = None,
            **kwargs: Any) -> list[IndicatorValue]:
    """`compute_indicators` with the `[indicators]` section given (default: the defaults)
    and the default `[survey]` section."""
    return compute_indicators(session, indicators=indicators or IndicatorsConfig(),
                              survey=SurveyConfig(), **kwargs)


def media_report(session: Session, *, indicators: IndicatorsConfig | None = None,
                 **kwargs: Any) -> list[Path]:
    """`write_media_report` with the `[indicators]` section given (default: the defaults)
    and the `[institution]` given (default: the default one)."""
    kwargs.setdefault("institution", InstitutionConfig())
    return write_media_report(session, indicators=indicators or IndicatorsConfig(), **kwargs)


def indicator_report(session: Session, **kwargs: Any) -> list[Path]:
    """`write_indicator_report` with the default sections."""
    return write_indicator_report(session, indicators=IndicatorsConfig(), survey=SurveyConfig(),
                                  institution=InstitutionConfig(), **kwargs)
