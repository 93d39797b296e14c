"""Read-only queries behind the analysts' pages and the API: profile matches with their
mention and effective tone, filtered and paged; dashboard counts.

The effective tone of a match is the analyst's label when set, else the model's
(`sentiment.models.SentimentLabel`). The dashboard's counts and negative share are the
indicator's own (`indicators.api.count_tones`, `ToneCounts`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from collectors.models import Match, Mention, Profile, Source
from indicators.api import ToneCounts, count_tones, negative_share_indicator
from indicators.config import IndicatorsConfig
from pantau.core.errors import InputError
from pantau.core.periods import Period, custom, month
from pantau.core.timeutil import JAKARTA, to_jakarta, utcnow
from sentiment.models import LABELS, LabelCorrection, SentimentLabel

TONE_NONE = "belum"  # filter value: no label yet


def effective_tone() -> Any:
    return func.coalesce(SentimentLabel.human_label, SentimentLabel.model_label)


@dataclass
class MentionFilter:
    date_from: date | None = None
    date_to: date | None = None
    tone: str | None = None  # positif | netral | negatif | belum
    media_type: str | None = None
    outlet: str | None = None
    source_id: int | None = None
    profile_id: int | None = None
    q: str | None = None
    unique_only: bool = False

    def check(self) -> MentionFilter:
        if self.tone and self.tone not in (*LABELS, TONE_NONE):
            raise InputError(f"Nada '{self.tone}' tidak dikenal: pilih positif, netral, negatif "
                             "atau belum.")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise InputError("Tanggal akhir sebelum tanggal awal.")
        return self


@dataclass
class MatchRow:
    match_id: int
    mention_id: int
    title: str
    url: str | None
    outlet: str | None
    media_type: str
    published_at: datetime
    profile: str
    tone: str | None
    model_label: str | None
    human_label: str | None
    human_by: str | None
    duplicate_group: int | None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=JAKARTA).astimezone(UTC)


def _base_query(flt: MentionFilter) -> Any:
    tone = effective_tone()
    query = (
        sa_select(Match.id, Mention.id, Mention.title, Mention.url, Mention.outlet,  # type: ignore[misc, call-overload]
               Mention.media_type, Mention.published_at, Profile.name, tone,
               SentimentLabel.model_label, SentimentLabel.human_label, SentimentLabel.human_by,
               Mention.duplicate_group)
        .select_from(Match)
        .join(Mention, col(Mention.id) == Match.mention_id)
        .join(Profile, col(Profile.id) == Match.profile_id)
        .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == Match.id)
    )
    if flt.date_from:
        query = query.where(Mention.published_at >= _day_start(flt.date_from))
    if flt.date_to:
        query = query.where(Mention.published_at < _day_start(flt.date_to + timedelta(days=1)))
    if flt.tone == TONE_NONE:
        query = query.where(tone.is_(None))
    elif flt.tone:
        query = query.where(tone == flt.tone)
    if flt.media_type:
        query = query.where(Mention.media_type == flt.media_type)
    if flt.outlet:
        query = query.where(Mention.outlet == flt.outlet)
    if flt.source_id:
        query = query.where(Mention.source_id == flt.source_id)
    if flt.profile_id:
        query = query.where(Match.profile_id == flt.profile_id)
    if flt.q:
        pattern = "%" + flt.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(col(Mention.title).ilike(pattern, escape="\\"),
                                col(Mention.text).ilike(pattern, escape="\\")))
    if flt.unique_only:
        query = query.where(or_(col(Mention.duplicate_group).is_(None),
                                col(Mention.duplicate_group) == col(Mention.id)))
    return query


def list_matches(session: Session, flt: MentionFilter, *, page: int = 1,
                 per_page: int = 50) -> tuple[list[MatchRow], int]:
    """One page of profile matches, newest first, and the total count."""
    query = _base_query(flt.check())
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.execute(query.order_by(col(Mention.published_at).desc(),
                                          col(Match.id).desc())
                           .offset((max(page, 1) - 1) * per_page).limit(per_page)).all()
    return [MatchRow(*row) for row in rows], int(total)


def filter_choices(session: Session) -> dict[str, list[Any]]:
    """Values offered in the filter form."""
    media = sorted(m for m in session.exec(select(Mention.media_type).distinct()).all() if m)
    outlets = sorted(o for o in session.exec(select(Mention.outlet).distinct()).all() if o)
    sources = list(session.exec(select(Source.id, Source.name).order_by(col(Source.name))).all())
    profiles = list(session.exec(select(Profile.id, Profile.name)
                                 .order_by(col(Profile.name))).all())
    return {"media_types": media, "outlets": outlets[:1000], "sources": sources,
            "profiles": profiles}


@dataclass
class MentionDetail:
    mention: Mention
    source: Source | None
    matches: list[tuple[Match, Profile, SentimentLabel | None]]
    duplicates: list[Mention]
    corrections: list[LabelCorrection] = field(default_factory=list)


def mention_detail(session: Session, mention_id: int) -> MentionDetail | None:
    mention = session.get(Mention, mention_id)
    if mention is None:
        return None
    matches: list[tuple[Match, Profile, SentimentLabel | None]] = [
        (m, p, lbl) for m, p, lbl in session.exec(
            select(Match, Profile, SentimentLabel)
            .join(Profile, col(Profile.id) == Match.profile_id)
            .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == Match.id)
            .where(Match.mention_id == mention_id).order_by(col(Profile.name))).all()
    ]
    group = mention.duplicate_group or mention.id
    duplicates = list(session.exec(
        select(Mention).where(or_(col(Mention.duplicate_group) == group, col(Mention.id) == group))
        .where(Mention.id != mention_id).order_by(col(Mention.published_at)).limit(200)).all())
    match_ids = [m.id for m, _, _ in matches]
    corrections = list(session.exec(
        select(LabelCorrection).where(col(LabelCorrection.match_id).in_(match_ids))
        .order_by(col(LabelCorrection.corrected_at).desc())).all()) if match_ids else []
    source = session.get(Source, mention.source_id) if mention.source_id else None
    return MentionDetail(mention, source, matches, duplicates, corrections)


# ---------------------------------------------------------------- dashboard


def _profile_name(session: Session, profile_id: int | None) -> str | None:
    profile = session.get(Profile, profile_id) if profile_id else None
    return profile.name if profile else None


def tone_summary(session: Session, period: Period, profile_id: int | None = None, *,
                 indicators: IndicatorsConfig) -> ToneCounts:
    return count_tones(session, period=period, indicators=indicators,
                       profile=_profile_name(session, profile_id))


def daily_trend(session: Session, first: date, last: date, profile_id: int | None = None, *,
                indicators: IndicatorsConfig) -> list[tuple[date, ToneCounts]]:
    """Per WIB day: tone counts, each day counted as the indicator would count it."""
    profile = _profile_name(session, profile_id)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [(d, count_tones(session, period=custom(d, d), indicators=indicators,
                            profile=profile)) for d in days]


@dataclass
class Dashboard:
    today: date
    today_tones: ToneCounts
    month_label: str
    month_tones: ToneCounts
    trend: list[tuple[date, ToneCounts]]
    target: float | None
    target_name: str | None


def dashboard(session: Session, *, indicators: IndicatorsConfig, today: date | None = None,
              profile_id: int | None = None, days: int = 30) -> Dashboard:
    today = today or to_jakarta(utcnow()).date()
    this_month: Period = month(today.year, today.month)
    target = negative_share_indicator(session, today.year)
    return Dashboard(
        today=today,
        today_tones=tone_summary(session, custom(today, today), profile_id,
                                 indicators=indicators),
        month_label=this_month.label,
        month_tones=tone_summary(session, this_month, profile_id, indicators=indicators),
        trend=daily_trend(session, today - timedelta(days=days - 1), today, profile_id,
                          indicators=indicators),
        target=target[0].target if target else None,
        target_name=target[0].name if target else None,
    )
