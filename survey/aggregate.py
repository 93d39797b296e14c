"""Aggregation in the database: SUM and COUNT per answer column of the method, the sum of
squared respondent totals (for the confidence interval), GROUP BY for breakdowns. One query
per breakdown, whatever the number of responses; only the responses of the method asked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, literal, select
from sqlmodel import Session

from pantau.core.periods import Period
from survey.methods import METHOD_2017, Method
from survey.models import Response, Service, ServiceUnit, SurveyPeriod
from survey.questionnaire import AGE_BANDS, EDUCATION, GENDERS, OCCUPATIONS
from survey.scoring import Totals
from survey.units import period_ids_within

_table = Response.__table__  # type: ignore[attr-defined]

BREAKDOWNS = ("unit", "service", "period", "gender", "age_band", "education", "occupation")


def _age_band_expr() -> Any:
    age = _table.c.age
    whens = [(age.between(lo, hi), label) for label, lo, hi in AGE_BANDS]
    return case(*whens, else_=literal("Tidak diisi"))


def _group_expr(group_by: str) -> Any:
    c = _table.c
    return {
        "unit": c.unit_id, "service": c.service_id, "period": c.period_id,
        "gender": c.gender, "education": c.education, "occupation": c.occupation,
        "age_band": _age_band_expr(),
    }[group_by]


def _filtered(query: Any, period_ids: list[int], unit_id: int | None,
              service_ids: list[int] | None, method: Method) -> Any:
    c = _table.c
    query = query.where(c.period_id.in_(period_ids)).where(c.method == method.code)
    if unit_id is not None:
        query = query.where(c.unit_id == unit_id)
    if service_ids is not None:
        query = query.where(c.service_id.in_(service_ids))
    return query


def _measures(method: Method) -> list[Any]:
    # A response of the method answers every one of its elements (validated on the way
    # in), so the number of answers per element is the row count.
    c = _table.c
    respondent_total = sum((c[name] for name in method.columns[1:]), c[method.columns[0]])
    return [func.count(), *(func.sum(c[name]) for name in method.columns),
            func.sum(respondent_total * respondent_total)]


def _to_totals(row: Any, method: Method, offset: int = 0) -> Totals:
    values = list(row)[offset:]
    width = len(method.columns)
    respondents = int(values[0] or 0)
    return Totals(respondents, tuple(int(v or 0) for v in values[1:1 + width]),
                  (respondents,) * width, int(values[1 + width] or 0))


def totals(session: Session, *, period: Period, unit_id: int | None = None,
           service_ids: list[int] | None = None, method: Method = METHOD_2017) -> Totals:
    """Sums and counts of every answer column of `method` over the responses in scope."""
    period_ids = period_ids_within(session, period)
    if not period_ids:
        return Totals.empty(method)
    query = _filtered(select(*_measures(method)), period_ids, unit_id, service_ids, method)
    return _to_totals(session.connection().execute(query).one(), method)


def units_counted(session: Session, *, period: Period,
                  method: Method = METHOD_2017) -> list[tuple[str, int | None]]:
    """(code, population) of each unit with responses of `method` over `period`, by code."""
    period_ids = period_ids_within(session, period)
    if not period_ids:
        return []
    unit = ServiceUnit.__table__  # type: ignore[attr-defined]
    counted = _filtered(select(_table.c.unit_id).distinct(), period_ids, None, None, method)
    rows = session.connection().execute(
        select(unit.c.code, unit.c.population).where(unit.c.id.in_(counted))
        .order_by(unit.c.code))
    return [(row[0], row[1]) for row in rows]


def breakdown(session: Session, *, by: str, period: Period, unit_id: int | None = None,
              service_ids: list[int] | None = None,
              method: Method = METHOD_2017) -> list[tuple[str, Totals]]:
    """Totals per group (`by` one of BREAKDOWNS), labelled for people, in a stable order."""
    period_ids = period_ids_within(session, period)
    if not period_ids:
        return []
    key = _group_expr(by).label("k")
    query = _filtered(select(key, *_measures(method)), period_ids, unit_id, service_ids,
                      method)
    rows = session.connection().execute(query.group_by(key)).all()
    groups = {row[0]: _to_totals(row, method, 1) for row in rows}
    names = _labels(session, by, list(groups), with_unit=unit_id is None)
    ordered = sorted(groups.items(), key=lambda kv: _order(by, kv[0], names))
    return [(names.get(k, "Tidak diisi"), t) for k, t in ordered]


def _labels(session: Session, by: str, keys: list[Any], *,
            with_unit: bool = False) -> dict[Any, str]:
    if by == "service" and with_unit:  # the same service name may exist in several units
        s, u = Service.__table__, ServiceUnit.__table__  # type: ignore[attr-defined]
        rows = session.connection().execute(
            select(s.c.id, s.c.name, u.c.code).join(u, u.c.id == s.c.unit_id)
            .where(s.c.id.in_(keys)))
        return {r[0]: f"{r[1]} ({r[2]})" for r in rows}
    named = {"unit": (ServiceUnit, "name"), "service": (Service, "name"),
             "period": (SurveyPeriod, "code")}
    if by in named:
        model, column = named[by]
        table = model.__table__  # type: ignore[attr-defined]
        rows = session.connection().execute(
            select(table.c.id, table.c[column]).where(table.c.id.in_(keys)))
        return {r[0]: r[1] for r in rows}
    if by == "gender":
        return {k: GENDERS.get(k, "Tidak diisi") for k in keys}
    return {k: (k if k is not None else "Tidak diisi") for k in keys}


def _order(by: str, key: Any, names: dict[Any, str]) -> tuple[int, str]:
    label = names.get(key, "Tidak diisi")
    if key is None or label == "Tidak diisi":
        return (99, "")
    fixed = {"education": EDUCATION, "occupation": OCCUPATIONS,
             "age_band": tuple(b[0] for b in AGE_BANDS), "gender": ("L", "P")}.get(by)
    if fixed and key in fixed:
        return (fixed.index(key), "")
    return (50, label.lower())
