"""Read-only queries behind the analysts' dashboard (page and API). Listing mentions is
sentiment's (`sentiment.api.MentionFilter`, `paged_mentions`); the dashboard's counts and
negative share are the indicator's own (`indicators.api.count_tones`, `ToneCounts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, func, select

from collectors.models import Match, Mention, Profile
from indicators.api import ToneCounts, count_tones, negative_share_indicator
from indicators.config import IndicatorsConfig
from pantau.core.periods import Period, custom, month
from pantau.core.timeutil import JAKARTA, to_jakarta, utcnow


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


def latest_day_with_data(session: Session, profile_id: int | None = None) -> date:
    """Today (WIB) when something was published today, else the latest earlier day with a
    monitored mention (a fresh demo's data is from its sample's days), else today."""
    today = to_jakarta(utcnow()).date()
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=JAKARTA)
    stmt = (select(func.max(col(Mention.published_at)))
            .join(Match, col(Match.mention_id) == col(Mention.id))
            .where(col(Mention.published_at) < end))
    if profile_id:
        stmt = stmt.where(col(Match.profile_id) == profile_id)
    latest = session.exec(stmt).one()  # type: ignore[call-overload]
    return to_jakarta(latest).date() if latest else today


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
    today = today or latest_day_with_data(session, profile_id)
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
