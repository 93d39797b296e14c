"""Read-only queries behind the analysts' dashboard (page and API). Listing mentions is
sentiment's (`sentiment.api.MentionFilter`, `paged_mentions`); the dashboard's counts and
negative share are the indicator's own (`indicators.counting`,
`indicators.media_stats.ToneCounts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from collectors.models import Profile
from indicators.config import CountingBasis
from indicators.counting import Scope, tone_counts
from indicators.media_stats import ToneCounts
from indicators.models import Indicator, Plan
from pantau.core.periods import Period, month
from pantau.core.timeutil import to_jakarta, utcnow


def _tones(session: Session, period: Period, profile: str | None,
           basis: CountingBasis) -> ToneCounts:
    """Tone counts of a period as the negative-sentiment indicator counts them
    (`indicators.counting`: effective tone, the `[indicators]` counting basis)."""
    tones = ToneCounts()
    for label, n in (tone_counts(session, Scope(period, profile, None, basis)) or {}).items():
        tones.add(label, n)
    return tones


def _profile_name(session: Session, profile_id: int | None) -> str | None:
    profile = session.get(Profile, profile_id) if profile_id else None
    return profile.name if profile else None


def tone_summary(session: Session, period: Period, *, counting_basis: CountingBasis,
                 profile_id: int | None = None) -> ToneCounts:
    return _tones(session, period, _profile_name(session, profile_id), counting_basis)


def daily_trend(session: Session, first: date, last: date, *, counting_basis: CountingBasis,
                profile_id: int | None = None) -> list[tuple[date, ToneCounts]]:
    """Per WIB day: tone counts, each day counted as the indicator would count it."""
    profile = _profile_name(session, profile_id)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [(d, _tones(session, Period("custom", d, d), profile, counting_basis))
            for d in days]


@dataclass
class Dashboard:
    today: date
    today_tones: ToneCounts
    month_label: str
    month_tones: ToneCounts
    trend: list[tuple[date, ToneCounts]]
    target: float | None
    target_name: str | None


def dashboard(session: Session, *, counting_basis: CountingBasis, today: date | None = None,
              profile_id: int | None = None, days: int = 30) -> Dashboard:
    today = today or to_jakarta(utcnow()).date()
    day = Period("custom", today, today)
    this_month: Period = month(today.year, today.month)
    target, target_name = negative_share_target(session, today.year)
    return Dashboard(
        today=today,
        today_tones=tone_summary(session, day, counting_basis=counting_basis,
                                 profile_id=profile_id),
        month_label=this_month.label,
        month_tones=tone_summary(session, this_month, counting_basis=counting_basis,
                                 profile_id=profile_id),
        trend=daily_trend(session, today - timedelta(days=days - 1), today,
                          counting_basis=counting_basis, profile_id=profile_id),
        target=target,
        target_name=target_name,
    )


def negative_share_target(session: Session, year: int) -> tuple[float | None, str | None]:
    """The target of the year's negative-sentiment indicator from the plans, if any."""
    row = session.exec(
        select(Indicator.target, Indicator.name).join(Plan, col(Plan.id) == Indicator.plan_id)
        .where(Plan.year == year).where(Indicator.source == "negative_share")
        .order_by(col(Indicator.id))).first()
    if row is None:
        return None, None
    return float(row[0]), str(row[1])
