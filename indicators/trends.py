"""The two core indicators over time: the IKM and the negative-sentiment share of a period
against the periods before it, for the plans page's trend.

Contract: `indicator_trend_groups(session, *, year, period, indicators, survey,
previous=4) -> list[TrendGroup]`: per plan of `year` (IKU, PK, RKT order), one trend per
IKM or negative-share indicator of the plan (the version in force at the period's end),
each with its own plan's target, and the plan's other indicators by name (they have no
trend here); without such indicators in any plan, one group without a plan holding the IKM
of every unit and the negative share of every profile, first. Every plan's indicators are shown,
even when two plans measure the same survey unit or profile (the values are computed once
and shared). `indicator_trends(...) -> list[Trend]`: the same trends in one list.
Each trend holds the period and the periods of the same kind before it, oldest first:
for the negative share the `previous` periods just before it; for the IKM the previous
surveys (periods with respondents), looking back at most `3 x previous` periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from indicators.config import COUNTING_BASIS_LABELS, IndicatorsConfig
from indicators.counting import count_tones
from indicators.models import Indicator
from indicators.plans import Units, active_plans, plan_label, plan_structure, version_in_force
from pantau.core.errors import PantauError
from pantau.core.periods import Period
from survey.api import score_unit
from survey.config import SurveyConfig


@dataclass
class TrendPoint:
    period: Period
    value: float | None  # two decimals; None: no data in that period
    detail: str  # what the value rests on, in words
    change: float | None = None  # against the previous point that has a value
    change_from: Period | None = None  # that point's period


@dataclass
class Trend:
    source: str  # "ikm" | "negative_share"
    title: str
    scope: str  # the survey unit / profile, in words
    unit: str  # "%" or "indeks"
    polarity: str  # "higher" | "lower": which way is better
    target: float | None = None
    target_text: str = ""
    plan: str = ""
    note: str = ""  # the method (IKM) or the counting basis, in words
    points: list[TrendPoint] = field(default_factory=list)

    @property
    def latest(self) -> TrendPoint:
        return self.points[-1]


@dataclass
class TrendGroup:
    """The trends of one plan's indicators, and its indicators that have none here."""

    plan: str  # the plan's label, e.g. "IKU Biro Humas 2023"; "" without a plan
    trends: list[Trend] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # "code name" of the other indicators


def indicator_trend_groups(session: Session, *, year: int, period: Period,
                           indicators: IndicatorsConfig, survey: SurveyConfig,
                           previous: int = 4, units: Units = None) -> list[TrendGroup]:
    groups: list[TrendGroup] = []
    # The points of one measured quantity (survey unit or profile), computed once and
    # shared by every plan's indicator that measures it.
    points: dict[tuple[object, ...], Trend] = {}
    for plan in active_plans(session, year, units=units):
        label = plan_label(plan)
        group = TrendGroup(plan=label)
        version = version_in_force(session, plan, period.end)
        for _goal, inds in plan_structure(session, plan, version):
            for ind in inds:
                name = f"{ind.code} {ind.name}" if ind.code else ind.name
                if ind.source not in ("ikm", "negative_share"):
                    group.others.append(name)
                    continue
                key = (ind.source, ind.profile, ind.media_type, ind.survey_unit,
                       ind.survey_service)
                if key not in points:
                    points[key] = (
                        _ikm_trend(session, period, survey, previous, label, ind)
                        if ind.source == "ikm"
                        else _negative_trend(session, period, indicators, previous, label, ind))
                    _changes(points[key].points)
                    group.trends.append(points[key])
                else:
                    shared = points[key]
                    trend = _base(ind.source, label, ind, shared.scope)
                    trend.note, trend.points = shared.note, shared.points
                    group.trends.append(trend)
        groups.append(group)
    if not any(g.trends for g in groups):
        fallback = [_ikm_trend(session, period, survey, previous, "", None),
                    _negative_trend(session, period, indicators, previous, "", None)]
        for trend in fallback:
            _changes(trend.points)
        groups = [TrendGroup(plan="", trends=fallback), *groups]
    return groups


def indicator_trends(session: Session, *, year: int, period: Period,
                     indicators: IndicatorsConfig, survey: SurveyConfig,
                     previous: int = 4, units: Units = None) -> list[Trend]:
    return [t for g in indicator_trend_groups(
        session, year=year, period=period, indicators=indicators, survey=survey,
        previous=previous, units=units) for t in g.trends]


def _changes(points: list[TrendPoint]) -> None:
    last: TrendPoint | None = None
    for point in points:
        if point.value is not None:
            if last is not None and last.value is not None:
                point.change = round(point.value - last.value, 2)
                point.change_from = last.period
            last = point


def _base(source: str, plan: str, ind: Indicator | None, scope: str) -> Trend:
    if ind is None:
        return Trend(source=source, scope=scope, plan=plan,
                     title=("Indeks Kepuasan Masyarakat (IKM)" if source == "ikm"
                            else "Persentase sentimen negatif pemberitaan"),
                     unit="indeks" if source == "ikm" else "%",
                     polarity="higher" if source == "ikm" else "lower")
    name = f"{ind.code} {ind.name}" if ind.code else ind.name
    return Trend(source=source, title=name, scope=scope, unit=ind.unit,
                 polarity=ind.polarity, target=ind.target, target_text=ind.target_text,
                 plan=plan)


def _ikm_trend(session: Session, period: Period, survey: SurveyConfig, previous: int,
               plan: str, ind: Indicator | None) -> Trend:
    unit = None if ind is None or ind.survey_unit in (None, "*") else ind.survey_unit
    service = ind.survey_service if ind is not None else None
    scope = f"unit {unit}" if unit else "semua unit layanan"
    if service:
        scope += f", layanan {service}"
    trend = _base("ikm", plan, ind, scope)
    current, looked = period, 0
    while True:
        try:
            score = score_unit(session, survey=survey, unit=unit, period=current,
                               service=service)
        except PantauError as exc:
            trend.note = str(exc)
            trend.points = [TrendPoint(period, None, "tidak dapat dihitung")]
            return trend
        respondents = int(score.respondents)
        if respondents or current == period:
            trend.points.append(TrendPoint(
                current, round(float(score.ikm), 2) if respondents else None,
                f"{respondents} responden, mutu {score.grade}" if respondents
                else "belum ada responden"))
            trend.note = trend.note or score.method_label
        looked += 1
        if len(trend.points) > previous or looked > 3 * previous:
            break
        current = current.previous()
    trend.points.reverse()
    return trend


def _negative_trend(session: Session, period: Period, indicators: IndicatorsConfig,
                    previous: int, plan: str, ind: Indicator | None) -> Trend:
    profile = ind.profile if ind is not None else None
    media_type = ind.media_type if ind is not None else None
    scope = f"profil {profile}" if profile else "semua profil"
    if media_type:
        scope += f", media {media_type}"
    trend = _base("negative_share", plan, ind, scope)
    trend.note = f"Dasar penghitungan: {COUNTING_BASIS_LABELS[indicators.counting_basis]}."
    periods = [period]
    for _ in range(previous):
        periods.append(periods[-1].previous())
    for p in reversed(periods):
        counts = count_tones(session, period=p, indicators=indicators, profile=profile,
                             media_type=media_type)
        share = counts.negative_share
        trend.points.append(TrendPoint(
            p, share, f"{counts.negatif} negatif dari {counts.labelled} berita berlabel"
            if counts.labelled else "belum ada berita berlabel"))
    return trend
