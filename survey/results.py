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
from survey.methods import WEIGHTS_0111_R3, Method, Weights, get_method, get_weights
from survey.models import Response
from survey.scoring import SurveyScore, score_totals
from survey.units import Scope, period_ids_within, resolve_scope


def scoring_rules(survey: SurveyConfig, scope: Scope,
                  weights: str | None = None) -> tuple[Method, Weights]:
    """The scope's method and the weights asked (`None`: the config's, standard by default)."""
    method = get_method(scope.method)
    if weights is None:
        return method, (WEIGHTS_0111_R3 if survey.spreadsheet_weights and
                        method.code == "14/2017" else get_weights(None))
    return method, get_weights(weights, method)


def score_scope(session: Session, *, survey: SurveyConfig, scope: Scope, period: Period,
                weights: str | None = None) -> SurveyScore:
    """The score of a resolved scope (unit and services) over `period`, by the unit's
    method; `weights` names a reconciliation variant (`survey.methods.WEIGHTS`)."""
    method, chosen = scoring_rules(survey, scope, weights)
    totals = aggregate.totals(session, period=period, unit_id=scope.unit_id,
                              service_ids=scope.service_ids, method=method)
    population: int | None = scope.population
    unknown: list[str] = []
    if scope.unit_id is None and scope.service_ids is None:
        population, unknown = every_unit_population(session, period=period, method=method)
    return score_totals(totals, period=period.code, unit=scope.unit_code,
                        service=scope.service_name, method=method, weights=chosen,
                        priorities=survey.priorities, population=population,
                        unknown_population=unknown)


def every_unit_population(session: Session, *, period: Period,
                          method: Method) -> tuple[int | None, list[str]]:
    """The population of "every unit": the sum of the populations of the units whose
    responses are counted, when each has one; else None and the codes of those without."""
    units = aggregate.units_counted(session, period=period, method=method)
    unknown = [code for code, population in units if not population]
    if not units or unknown:
        return None, unknown
    return sum(population or 0 for _code, population in units), []


def score_unit(session: Session, *, survey: SurveyConfig, unit: str | None, period: Period,
               service: str | None = None, weights: str | None = None) -> SurveyScore:
    """Score of `unit` (code or name; None = every unit) over `period`, optionally one
    service. Responses count when their survey period lies inside `period`."""
    scope = resolve_scope(session, survey=survey, unit=unit, service=service)
    return score_scope(session, survey=survey, scope=scope, period=period, weights=weights)


def group_scores(session: Session, *, survey: SurveyConfig, by: str, period: Period,
                 unit_id: int | None = None, service_ids: list[int] | None = None,
                 scope: Scope | None = None,
                 weights: str | None = None) -> list[tuple[str, SurveyScore]]:
    """The score of each group of a breakdown (`by` one of `aggregate.BREAKDOWNS`), by the
    same method as the whole, in the breakdown's order."""
    method, chosen = scoring_rules(
        survey, scope or Scope(unit_id, None, service_ids, None, None, survey.method), weights)
    groups = aggregate.breakdown(session, by=by, period=period, unit_id=unit_id,
                                 service_ids=service_ids, method=method)
    return [(name, score_totals(totals, period=period.code, method=method, weights=chosen,
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
                                     unit_id=scope.unit_id, scope=scope)
                    for by in breakdowns},
        saran=latest_saran(session, period=period, unit_id=scope.unit_id, limit=saran_limit))


def ikm_trend(session: Session, *, survey: SurveyConfig, scope: Scope, period: Period,
              previous: int = 4) -> list[tuple[Period, SurveyScore]]:
    """The IKM of `period` and of up to `previous` periods of the same kind before it that
    have responses, oldest first, by the same method and weights."""
    found = [(period, score_scope(session, survey=survey, scope=scope, period=period))]
    current = period
    for _ in range(previous):
        current = current.previous()
        score = score_scope(session, survey=survey, scope=scope, period=current)
        if score.respondents:
            found.append((current, score))
    return found[::-1]
