"""Scores from the database: one unit (or every unit) over a period, the same score for each
group of a breakdown, and the latest suggestions. The database aggregates
(`survey.aggregate`); `survey.scoring` scores the totals by the `[survey]` method."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from pantau.core.periods import Period
from survey import aggregate
from survey.config import SurveyConfig
from survey.models import Response
from survey.scoring import SurveyScore, score_totals
from survey.units import Scope, period_ids_within, resolve_scope


def score_scope(session: Session, *, survey: SurveyConfig, scope: Scope,
                period: Period) -> SurveyScore:
    """The score of a resolved scope (unit and services) over `period`."""
    totals = aggregate.totals(session, period=period, unit_id=scope.unit_id,
                              service_ids=scope.service_ids)
    return score_totals(totals, period=period.code, unit=scope.unit_code,
                        service=scope.service_name, spreadsheet=survey.spreadsheet_weights,
                        priorities=survey.priorities, population=scope.population)


def score_unit(session: Session, *, survey: SurveyConfig, unit: str | None, period: Period,
               service: str | None = None) -> SurveyScore:
    """Score of `unit` (code or name; None = every unit) over `period`, optionally one
    service. Responses count when their survey period lies inside `period`."""
    scope = resolve_scope(session, survey=survey, unit=unit, service=service)
    return score_scope(session, survey=survey, scope=scope, period=period)


def group_scores(session: Session, *, survey: SurveyConfig, by: str, period: Period,
                 unit_id: int | None = None,
                 service_ids: list[int] | None = None) -> list[tuple[str, SurveyScore]]:
    """The score of each group of a breakdown (`by` one of `aggregate.BREAKDOWNS`), by the
    same method as the whole, in the breakdown's order."""
    groups = aggregate.breakdown(session, by=by, period=period, unit_id=unit_id,
                                 service_ids=service_ids)
    return [(name, score_totals(totals, period=period.code,
                                spreadsheet=survey.spreadsheet_weights,
                                priorities=survey.priorities))
            for name, totals in groups]


def latest_saran(session: Session, *, period: Period, unit_id: int | None = None,
                 limit: int = 50) -> list[tuple[date | None, str]]:
    """The latest respondents' suggestions (survey date, free text), newest first."""
    ids = period_ids_within(session, period)
    if not ids:
        return []
    query = (select(col(Response.survey_date), col(Response.saran))
             .where(col(Response.period_id).in_(ids))
             .where(col(Response.saran).is_not(None)).where(Response.saran != ""))
    if unit_id is not None:
        query = query.where(Response.unit_id == unit_id)
    rows = session.exec(query.order_by(col(Response.id).desc()).limit(limit)).all()
    return [(day, str(text)) for day, text in rows]


@dataclass
class SurveyResults:
    """What the results page shows: the score, its breakdowns, the latest suggestions."""

    score: SurveyScore
    breakdowns: dict[str, list[tuple[str, SurveyScore]]]
    saran: list[tuple[date | None, str]]


def survey_results(session: Session, *, survey: SurveyConfig, unit: str | None,
                   period: Period, breakdowns: Sequence[str],
                   saran_limit: int = 50) -> SurveyResults:
    """The score of `unit` (None = every unit) over `period` with the breakdowns asked."""
    scope = resolve_scope(session, survey=survey, unit=unit, service=None)
    return SurveyResults(
        score=score_scope(session, survey=survey, scope=scope, period=period),
        breakdowns={by: group_scores(session, survey=survey, by=by, period=period,
                                     unit_id=scope.unit_id) for by in breakdowns},
        saran=latest_saran(session, period=period, unit_id=scope.unit_id, limit=saran_limit))
