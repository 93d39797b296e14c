"""Read-only queries behind the analysts' dashboard (page and API). Listing mentions is
sentiment's (`sentiment.api.MentionFilter`, `paged_mentions`); the dashboard's counts and
negative share are the indicator's own (`indicators.api.count_tones`, `ToneCounts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from collectors.models import Profile
from indicators.api import ToneCounts, count_tones, negative_share_indicator, target_status
from indicators.config import IndicatorsConfig
from pantau.core.periods import Period, custom, month
from pantau.core.timeutil import to_jakarta, utcnow


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
    target_text: str | None = None
    target_polarity: str = "lower"

    def meets(self, share: float | None) -> bool | None:
        """Whether a negative share meets the plan's target as written (None: no target
        or no share)."""
        if self.target is None or share is None:
            return None
        return target_status(share, self.target, self.target_polarity,
                             self.target_text or "") == "tercapai"


def dashboard(session: Session, *, indicators: IndicatorsConfig, today: date | None = None,
              profile_id: int | None = None, days: int = 30) -> Dashboard:
    today = today or to_jakarta(utcnow()).date()
    this_month: Period = month(today.year, today.month)
    target = negative_share_indicator(session, today.year, today)
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
        target_text=target[0].target_text if target else None,
        target_polarity=target[0].polarity if target else "lower",
    )
