"""Share of voice: the institution's coverage beside its peers' (`[[comparisons]]`), per
period: volume, its share of the total, tone and negative share, each counted as the
institution's own figures are (`count_tones`: the counting basis, effective tone,
negative share of the labelled).

The institution's row counts its own profiles (the report profile, or every profile that
is not a comparison); each peer's row counts its comparison profile. A peer's mentions
never enter the institution's figures (`counting`: "every profile" leaves comparison
profiles out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session

from indicators.config import Comparison, IndicatorsConfig
from indicators.counting import ToneCounts, count_tones, profile_id
from indicators.formulas import share
from pantau.core.periods import Period, custom, month

SERIES_DAYS = 62  # up to this many days the series is per day, else per month


@dataclass
class Voice:
    name: str
    profile: str | None
    own: bool
    tones: ToneCounts
    previous: ToneCounts
    share: float | None = None  # percent of every row's volume
    previous_share: float | None = None
    missing: bool = False  # the comparison's profile is not in the database yet


@dataclass
class ShareOfVoice:
    period: Period
    previous: Period
    rows: list[Voice]
    series: list[tuple[str, dict[str, ToneCounts]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(v.tones.total for v in self.rows)


def _steps(period: Period) -> list[tuple[str, Period]]:
    if period.days <= SERIES_DAYS:
        return [(f"{d:%d-%m}", custom(d, d))
                for d in (period.start + timedelta(days=i) for i in range(period.days))]
    out = []
    cur = date(period.start.year, period.start.month, 1)
    while cur <= period.end:
        m = month(cur.year, cur.month)
        out.append((f"{cur:%m-%Y}", custom(max(m.start, period.start), min(m.end, period.end))))
        cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
    return out


def share_of_voice(session: Session, *, period: Period, indicators: IndicatorsConfig,
                   institution: str, comparisons: Sequence[Comparison],
                   profile: str | None = None, series: bool = True) -> ShareOfVoice:
    """The institution (its `profile`, or every own profile) and each peer side by side in
    `period`, with the period before and, with `series`, per day (per month beyond
    `SERIES_DAYS` days)."""
    previous = period.previous()
    entries: list[tuple[str, str | None, bool]] = [(institution, profile, True)]
    entries += [(c.name, c.profile, False) for c in comparisons]
    rows = []
    for name, prof, own in entries:
        missing = prof is not None and profile_id(session, prof) is None
        rows.append(Voice(
            name, prof, own,
            count_tones(session, period=period, indicators=indicators, profile=prof),
            count_tones(session, period=previous, indicators=indicators, profile=prof),
            missing=missing))
    total = sum(v.tones.total for v in rows)
    total_before = sum(v.previous.total for v in rows)
    for v in rows:
        v.share = share(v.tones.total, total)
        v.previous_share = share(v.previous.total, total_before)
    steps: list[tuple[str, dict[str, ToneCounts]]] = []
    if series and comparisons:
        for label, step in _steps(period):
            steps.append((label, {name: count_tones(session, period=step, indicators=indicators,
                                                    profile=prof)
                                  for name, prof, _own in entries}))
    return ShareOfVoice(period, previous, rows, steps)
