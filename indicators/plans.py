"""Stored plans: save an imported `PlanSpec`, find plans and indicators, enter manual values.

Re-importing a plan with the same jenis + unit kerja + tahun replaces it in one
transaction; indicators that keep their code (or, without a code, their name) keep their
manual values and stored results, the rest are removed with theirs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, col, select

from indicators.models import (
    Indicator,
    IndicatorValueRecord,
    ManualValue,
    Plan,
    Sasaran,
)
from indicators.planio import IndicatorSpec, PlanSpec, SasaranSpec
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period
from pantau.core.timeutil import utcnow

KIND_ORDER = {"IKU": 0, "PK": 1, "RKT": 2}


@dataclass
class SaveResult:
    plan: Plan
    replaced: bool
    indicators: int
    kept_values: int
    unchanged: bool = False  # the stored plan already said exactly this: nothing written


def _key(code: str | None, name: str) -> str:
    return f"code:{code.lower()}" if code else f"name:{name.strip().lower()}"


def save_plan(session: Session, spec: PlanSpec, *, source_file: str | None = None) -> SaveResult:
    """Store `spec`, replacing the plan of the same kind, unit and year (caller commits)."""
    plan = session.exec(select(Plan).where(
        Plan.kind == spec.kind, Plan.unit == spec.unit, Plan.year == spec.year)).first()
    replaced = plan is not None
    if plan is not None and plan_to_spec(session, plan) == spec:
        return SaveResult(plan=plan, replaced=False, unchanged=True,
                          indicators=sum(len(g.indicators) for g in spec.sasaran), kept_values=0)
    old: dict[str, Indicator] = {}
    if plan is None:
        plan = Plan(kind=spec.kind, unit=spec.unit, year=spec.year)
    else:
        old = {_key(i.code, i.name): i for i in session.exec(
            select(Indicator).where(Indicator.plan_id == plan.id))}
    plan.title = spec.title
    plan.institution = spec.institution
    plan.source_file = source_file
    plan.imported_at = utcnow()
    session.add(plan)
    session.flush()
    assert plan.id is not None
    old_goals = list(session.exec(select(Sasaran).where(Sasaran.plan_id == plan.id)))
    kept = 0
    seen: set[str] = set()
    count = 0
    for gpos, g in enumerate(spec.sasaran, start=1):
        goal = Sasaran(plan_id=plan.id, position=gpos, code=g.code, text=g.text)
        session.add(goal)
        session.flush()
        assert goal.id is not None
        for ipos, ispec in enumerate(g.indicators, start=1):
            key = _key(ispec.code, ispec.name)
            if key in seen:
                raise InputError(f"Indikator '{ispec.name}' muncul dua kali dalam rencana "
                                 f"{spec.kind} {spec.unit} {spec.year}.")
            seen.add(key)
            ind = old.pop(key, None)
            if ind is None:
                ind = Indicator(plan_id=plan.id, sasaran_id=goal.id, name=ispec.name,
                                unit=ispec.unit, target=ispec.target)
            else:
                kept += len(session.exec(select(ManualValue).where(
                    ManualValue.indicator_id == ind.id)).all())
                # Stored results were computed against the old definition.
                for rec in session.exec(select(IndicatorValueRecord).where(
                        IndicatorValueRecord.indicator_id == ind.id)):
                    session.delete(rec)
            _apply(ind, ispec)
            ind.sasaran_id = goal.id
            ind.position = ipos
            session.add(ind)
            count += 1
    session.flush()
    for ind in old.values():
        for model in (ManualValue, IndicatorValueRecord):
            for row in session.exec(select(model).where(model.indicator_id == ind.id)):
                session.delete(row)
        session.delete(ind)
    session.flush()
    for goal in old_goals:
        session.delete(goal)
    session.flush()
    return SaveResult(plan=plan, replaced=replaced, indicators=count, kept_values=kept)


def _apply(ind: Indicator, s: IndicatorSpec) -> None:
    ind.code, ind.name, ind.unit, ind.target = s.code, s.name, s.unit, s.target
    ind.target_text, ind.polarity, ind.source = s.target_text, s.polarity, s.source
    ind.profile, ind.media_type = s.profile, s.media_type
    ind.survey_unit, ind.survey_service = s.survey_unit, s.survey_service
    ind.formula, ind.data_source = s.formula, s.data_source


def plan_label(plan: Plan) -> str:
    return f"{plan.kind} {plan.unit} {plan.year}"


def list_plans(session: Session, year: int | None = None) -> list[tuple[Plan, int]]:
    stmt = (select(Plan, func.count(col(Indicator.id)))
            .join(Indicator, col(Indicator.plan_id) == Plan.id, isouter=True)
            .group_by(col(Plan.id)).order_by(col(Plan.year).desc(), col(Plan.kind), col(Plan.unit)))
    if year is not None:
        stmt = stmt.where(Plan.year == year)
    return [(p, n) for p, n in session.exec(stmt)]


def find_plan(session: Session, ref: str) -> Plan:
    """A plan by id, or by 'JENIS TAHUN' / 'JENIS UNIT TAHUN' / part of its unit or title."""
    ref = ref.strip()
    if ref.isdigit():
        plan = session.get(Plan, int(ref))
        if plan:
            return plan
    plans = list(session.exec(select(Plan)))
    words = ref.lower().split()
    hits = [p for p in plans
            if all(w in f"{p.kind} {p.unit} {p.year} {p.title} {p.institution or ''}".lower()
                   for w in words)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFoundError(f"Rencana '{ref}' tidak ditemukan. Lihat `pantau plan list`.")
    raise InputError(f"'{ref}' cocok dengan beberapa rencana: "
                     + "; ".join(f"{p.id}: {plan_label(p)}" for p in hits)
                     + ". Sebutkan ID-nya.")


def active_plans(session: Session, year: int) -> list[Plan]:
    """Plans of a year, the IKU first (then PK, RKT), newest import first."""
    plans = list(session.exec(select(Plan).where(Plan.year == year)))
    return sorted(plans, key=lambda p: (KIND_ORDER.get(p.kind, 9), -p.imported_at.timestamp()))


def plan_structure(session: Session, plan: Plan) -> list[tuple[Sasaran, list[Indicator]]]:
    goals = list(session.exec(select(Sasaran).where(Sasaran.plan_id == plan.id)
                              .order_by(col(Sasaran.position))))
    inds = list(session.exec(select(Indicator).where(Indicator.plan_id == plan.id)
                             .order_by(col(Indicator.position))))
    return [(g, [i for i in inds if i.sasaran_id == g.id]) for g in goals]


def negative_share_indicator(session: Session, year: int) -> tuple[Indicator, str] | None:
    """The year's negative-sentiment indicator (the first of the active plans, IKU first)
    with its plan's label: the target the media report and the dashboard compare with."""
    for plan in active_plans(session, year):
        for _goal, inds in plan_structure(session, plan):
            for ind in inds:
                if ind.source == "negative_share":
                    return ind, plan_label(plan)
    return None


def plan_to_spec(session: Session, plan: Plan) -> PlanSpec:
    spec = PlanSpec(kind=plan.kind, unit=plan.unit, year=plan.year, title=plan.title,
                    institution=plan.institution)
    for goal, inds in plan_structure(session, plan):
        spec.sasaran.append(SasaranSpec(text=goal.text, code=goal.code, indicators=[
            IndicatorSpec(name=i.name, unit=i.unit, target=i.target, target_text=i.target_text,
                          polarity=i.polarity, source=i.source, code=i.code, profile=i.profile,
                          media_type=i.media_type, survey_unit=i.survey_unit,
                          survey_service=i.survey_service, formula=i.formula,
                          data_source=i.data_source)
            for i in inds]))
    return spec


def find_indicator(session: Session, ref: str, *, year: int | None = None,
                   plan: str | None = None) -> Indicator:
    """An indicator by id, code or (part of) its name, within the year's plans."""
    stmt = select(Indicator, Plan).join(Plan, col(Plan.id) == Indicator.plan_id)
    if year is not None:
        stmt = stmt.where(Plan.year == year)
    if plan is not None:
        stmt = stmt.where(Plan.id == find_plan(session, plan).id)
    rows = list(session.exec(stmt))
    text = ref.strip().lower()
    exact = [i for i, _ in rows if str(i.id) == text or (i.code or "").lower() == text
             or i.name.lower() == text]
    hits = exact or [i for i, _ in rows if text in i.name.lower()]
    if len(hits) == 1:
        return hits[0]
    where = f" dalam rencana tahun {year}" if year else ""
    if not hits:
        raise NotFoundError(f"Indikator '{ref}' tidak ditemukan{where}. "
                            "Lihat `pantau plan show`.")
    plans = {p.id: p for _, p in rows}
    raise InputError(f"'{ref}' cocok dengan beberapa indikator{where}: "
                     + "; ".join(f"{i.id}: {i.name} ({plan_label(plans[i.plan_id])})"
                                 for i in hits)
                     + ". Sebutkan ID-nya atau gunakan --plan.")


def _evidence_link(link: str | None) -> str | None:
    """A web address people can open, or None when none was given."""
    text = (link or "").strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InputError("Tautan bukti harus diawali http:// atau https:// dan menyebut "
                         "alamat situsnya, mis. https://contoh.go.id/laporan.pdf.")
    return text


def set_manual_value(session: Session, indicator: Indicator, *, period: Period, value: float,
                     by: str, evidence: str | None = None, evidence_link: str | None = None,
                     at: datetime | None = None) -> ManualValue:
    """Enter (or replace) the value of an indicator for a period, with its evidence (a note)
    and evidence link (a web address). The one door for every value people enter (CLI, the
    planners' form, the JSON API): the rules of what may be entered live here."""
    if indicator.source != "manual":
        raise InputError(f"Indikator '{indicator.name}' dihitung Pantau (sumber "
                         f"{indicator.source}); nilainya tidak diisi manual.")
    plan = session.get(Plan, indicator.plan_id)
    if plan is not None and plan.year not in (period.start.year, period.end.year):
        raise InputError(f"Periode {period.code} berada di luar tahun rencana {plan.year}.")
    if not math.isfinite(value):
        raise InputError("Nilai realisasi harus berupa angka.")
    if indicator.unit == "%" and not 0 <= value <= 1000:
        raise InputError(f"Nilai {value} tidak masuk akal untuk indikator persen.")
    who = by.strip()
    if not who:
        raise InputError("Nama pengisi wajib diisi.")
    link = _evidence_link(evidence_link)
    row = session.exec(select(ManualValue).where(
        ManualValue.indicator_id == indicator.id, ManualValue.period == period.code)).first()
    if row is None:
        row = ManualValue(indicator_id=indicator.id, period=period.code, value=value,  # type: ignore[arg-type]
                          entered_by=who)
    row.value, row.entered_by, row.entered_at = value, who, at or utcnow()
    row.evidence, row.evidence_link = (evidence or "").strip() or None, link
    session.add(row)
    session.flush()
    return row
