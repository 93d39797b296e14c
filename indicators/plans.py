"""Stored plans: save an imported `PlanSpec` as a version, find plans, versions and
indicators, enter manual values (with their history in the audit log).

A plan is identified by jenis + unit kerja + tahun. Importing a plan that exists adds a
version: the document as revised, in force from its `berlaku_mulai` (the file's field,
or the date given on import; the first version defaults to 1 January, a later one to
today, which must then fall within the plan's year). A file whose date is that of an
existing version corrects that version in place; a file identical to the version in force
at its date adds nothing. Each version records what changed against the one before it.
Indicators are computed against the version in force at the end of the period
(`version_in_force`). Manual values belong to the plan and the indicator's key (its code,
or without a code its name), so they hold in every version that keeps the indicator.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, col, select

from indicators.models import (
    Indicator,
    ManualValue,
    Plan,
    PlanVersion,
    Sasaran,
)
from indicators.planio import POLARITY_TEXT, IndicatorSpec, PlanSpec, SasaranSpec
from pantau.core import audit
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period
from pantau.core.timeutil import JAKARTA, utcnow
from pantau.core.units import DEFAULT_UNIT

KIND_ORDER = {"IKU": 0, "PK": 1, "RKT": 2}
MANUAL_VALUE_ENTITY = "indicator_manual_value"


@dataclass
class SaveResult:
    plan: Plan
    version: PlanVersion
    # "baru" (a new plan), "revisi" (a version added), "koreksi" (a version corrected),
    # "sama" (identical to the version in force: nothing stored).
    outcome: str
    number: int
    indicators: int
    changes: list[str] = field(default_factory=list)

    @property
    def replaced(self) -> bool:
        return self.outcome != "baru"

    @property
    def unchanged(self) -> bool:
        """The stored version already said exactly this: nothing was written."""
        return self.outcome == "sama"


def indicator_key(code: str | None, name: str) -> str:
    return f"code:{code.lower()}" if code else f"name:{name.strip().lower()}"


def plan_versions(session: Session, plan: Plan) -> list[PlanVersion]:
    """The versions of a plan in the order they take effect (number = position + 1)."""
    return list(session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan.id)
                             .order_by(col(PlanVersion.effective_from))))


def version_number(session: Session, version: PlanVersion) -> int:
    plan = session.get(Plan, version.plan_id)
    assert plan is not None
    return [v.id for v in plan_versions(session, plan)].index(version.id) + 1


def version_in_force(session: Session, plan: Plan, day: date) -> PlanVersion:
    """The version in force on `day`: the latest that took effect by then (the first one
    for a day before every version)."""
    versions = plan_versions(session, plan)
    if not versions:
        raise NotFoundError(f"Rencana {plan_label(plan)} belum memiliki versi.")
    current = [v for v in versions if v.effective_from <= day]
    return current[-1] if current else versions[0]


def latest_version(session: Session, plan: Plan) -> PlanVersion:
    return version_in_force(session, plan, date.max)


def _spec_key(spec: IndicatorSpec) -> str:
    return indicator_key(spec.code, spec.name)


_COMPARED = (("name", "nama"), ("unit", "satuan"), ("target_text", "target"),
             ("polarity", "polaritas"), ("source", "sumber"), ("profile", "profil"),
             ("media_type", "jenis media"), ("survey_unit", "unit survei"),
             ("survey_service", "layanan"), ("formula", "cara perhitungan"),
             ("data_source", "sumber data"), ("quarter_targets", "target triwulan"))


def _shown(field_name: str, value: Any) -> str:
    if field_name == "polarity":
        return POLARITY_TEXT.get(value, value)
    if field_name == "quarter_targets":
        return ", ".join(f"{q} {t}" for q, t in sorted(value.items())) or "-"
    return "-" if value in (None, "") else str(value)


def diff_plans(before: PlanSpec | None, after: PlanSpec) -> list[str]:
    """What changed from `before` to `after`, in Indonesian, one line each."""
    if before is None:
        return ["Versi awal."]
    out: list[str] = []
    if before.title != after.title:
        out.append(f"Judul: '{before.title}' menjadi '{after.title}'.")
    old = {_spec_key(i): (g.text, i) for g in before.sasaran for i in g.indicators}
    new = {_spec_key(i): (g.text, i) for g in after.sasaran for i in g.indicators}
    for key, (goal, ind) in new.items():
        label = f"{ind.code + ' ' if ind.code else ''}{ind.name}"
        if key not in old:
            out.append(f"Indikator ditambahkan: {label} (target {ind.target_text}).")
            continue
        old_goal, prev = old[key]
        if old_goal != goal:
            out.append(f"{label}: sasaran '{old_goal}' menjadi '{goal}'.")
        for attr, name in _COMPARED:
            a, b = getattr(prev, attr), getattr(ind, attr)
            if attr == "target_text" and a == b and prev.target != ind.target:
                a, b = f"{prev.target:g}", f"{ind.target:g}"
            if a != b and a in (None, "", {}):
                out.append(f"{label}: {name} ditambahkan: {_shown(attr, b)}.")
            elif a != b:
                out.append(f"{label}: {name} {_shown(attr, a)} menjadi {_shown(attr, b)}.")
    for key, (_goal, ind) in old.items():
        if key not in new:
            out.append(f"Indikator dihapus: {(ind.code + ' ') if ind.code else ''}{ind.name}.")
    if not out and [g.text for g in before.sasaran] != [g.text for g in after.sasaran]:
        out.append("Urutan atau teks sasaran berubah.")
    return out


def save_plan(session: Session, spec: PlanSpec, *, source_file: str | None = None,
              effective_from: date | None = None, note: str | None = None,
              by: str = "sistem", today: date | None = None,
              org_unit: str = DEFAULT_UNIT) -> SaveResult:
    """Store `spec` as a version of its plan (see the module docstring; caller commits).
    `effective_from` and `note` override the file's berlaku_mulai and keterangan_revisi.
    The plan belongs to the organisation unit `org_unit`: another unit's plan of the same
    kind, unit and year is another plan."""
    plan = session.exec(select(Plan).where(
        Plan.org_unit == org_unit, Plan.kind == spec.kind, Plan.unit == spec.unit,
        Plan.year == spec.year)).first()
    versions = plan_versions(session, plan) if plan is not None else []
    _check_unique(spec)
    effective = effective_from or spec.effective_from
    if effective is None and versions:
        assert plan is not None
        latest = versions[-1]
        if not diff_plans(plan_to_spec(session, plan, latest), spec) and \
                not (note or spec.revision_note):
            return SaveResult(plan, latest, "sama", len(versions), _count(spec), [])
    if effective is None:
        if not versions:
            effective = date(spec.year, 1, 1)
        else:
            effective = today or utcnow().astimezone(JAKARTA).date()
            if effective.year != spec.year:
                raise InputError(
                    f"Rencana {spec.kind} {spec.unit} {spec.year} sudah ada: revisi memerlukan "
                    "tanggal berlaku (kolom berlaku_mulai di berkas, atau --berlaku "
                    f"TTTT-BB-HH) di dalam tahun {spec.year}.")
    if effective.year != spec.year:
        raise InputError(f"Tanggal berlaku {effective:%d-%m-%Y} berada di luar tahun rencana "
                         f"{spec.year}.")
    note = (note or spec.revision_note or "").strip() or None
    same_day = next((v for v in versions if v.effective_from == effective), None)
    before = [v for v in versions if v.effective_from < effective]
    previous = before[-1] if before else None
    assert plan is not None or not versions
    prev_spec = plan_to_spec(session, plan, previous) if plan and previous else None
    changes = diff_plans(prev_spec, spec)
    if plan is None:
        outcome = "baru"
        plan = Plan(kind=spec.kind, unit=spec.unit, year=spec.year, org_unit=org_unit)
    elif same_day is not None:
        same_spec = plan_to_spec(session, plan, same_day)
        if not diff_plans(same_spec, spec) and (note or None) == same_day.note:
            return SaveResult(plan, same_day, "sama", version_number(session, same_day),
                              _count(spec), [])
        outcome = "koreksi"
    elif previous is not None and not changes:
        return SaveResult(plan, previous, "sama", version_number(session, previous),
                          _count(spec), [])
    else:
        outcome = "revisi"
    session.add(plan)
    session.flush()
    assert plan.id is not None
    if same_day is not None:
        version = same_day
        for model in (Indicator, Sasaran):
            for row in session.exec(select(model).where(model.version_id == version.id)):
                session.delete(row)
        session.flush()
    else:
        version = PlanVersion(plan_id=plan.id, effective_from=effective)
    version.title, version.institution = spec.title, spec.institution
    version.source_file, version.imported_at, version.imported_by = source_file, utcnow(), by
    version.note, version.changes = note, changes
    session.add(version)
    session.flush()
    assert version.id is not None
    count = _store_content(session, plan.id, version.id, spec)
    latest = latest_version(session, plan)
    plan.title, plan.institution = latest.title, latest.institution
    plan.source_file, plan.imported_at = latest.source_file, latest.imported_at
    session.add(plan)
    session.flush()
    number = version_number(session, version)
    audit.record(session, actor=by, action={"baru": "plan.import", "revisi": "plan.revise",
                                            "koreksi": "plan.correct"}[outcome],
                 entity="plan", entity_id=plan.id, note=note,
                 after={"versi": number, "berlaku_mulai": effective.isoformat(),
                        "berkas": source_file, "perubahan": changes})
    return SaveResult(plan, version, outcome, number, count, changes)


def _count(spec: PlanSpec) -> int:
    return sum(len(g.indicators) for g in spec.sasaran)


def _check_unique(spec: PlanSpec) -> None:
    seen: set[str] = set()
    for g in spec.sasaran:
        for i in g.indicators:
            key = _spec_key(i)
            if key in seen:
                raise InputError(f"Indikator '{i.name}' muncul dua kali dalam rencana "
                                 f"{spec.kind} {spec.unit} {spec.year}.")
            seen.add(key)


def _store_content(session: Session, plan_id: int, version_id: int, spec: PlanSpec) -> int:
    count = 0
    for gpos, g in enumerate(spec.sasaran, start=1):
        goal = Sasaran(plan_id=plan_id, version_id=version_id, position=gpos, code=g.code,
                       text=g.text)
        session.add(goal)
        session.flush()
        assert goal.id is not None
        for ipos, ispec in enumerate(g.indicators, start=1):
            ind = Indicator(plan_id=plan_id, version_id=version_id, sasaran_id=goal.id,
                            key=_spec_key(ispec), position=ipos, name=ispec.name,
                            unit=ispec.unit, target=ispec.target)
            _apply(ind, ispec)
            session.add(ind)
            count += 1
    session.flush()
    return count


def _apply(ind: Indicator, s: IndicatorSpec) -> None:
    ind.code, ind.name, ind.unit, ind.target = s.code, s.name, s.unit, s.target
    ind.target_text, ind.polarity, ind.source = s.target_text, s.polarity, s.source
    ind.profile, ind.media_type = s.profile, s.media_type
    ind.survey_unit, ind.survey_service = s.survey_unit, s.survey_service
    ind.formula, ind.data_source = s.formula, s.data_source
    ind.quarter_targets = dict(s.quarter_targets)


def plan_label(plan: Plan) -> str:
    return f"{plan.kind} {plan.unit} {plan.year}"


Units = Collection[str] | None
"""The organisation units whose plans are in scope (`pantau.core.units`); None: every unit."""


def in_units(plan: Plan, units: Units) -> bool:
    return units is None or plan.org_unit in units


def list_plans(session: Session, year: int | None = None, *,
               units: Units = None) -> list[tuple[Plan, int]]:
    stmt = (select(Plan, func.count(func.distinct(col(Indicator.key))))
            .join(Indicator, col(Indicator.plan_id) == Plan.id, isouter=True)
            .group_by(col(Plan.id)).order_by(col(Plan.year).desc(), col(Plan.kind), col(Plan.unit)))
    if year is not None:
        stmt = stmt.where(Plan.year == year)
    if units is not None:
        stmt = stmt.where(col(Plan.org_unit).in_(list(units)))
    return [(p, n) for p, n in session.exec(stmt)]


def find_plan(session: Session, ref: str, *, units: Units = None) -> Plan:
    """A plan by id, or by 'JENIS TAHUN' / 'JENIS UNIT TAHUN' / part of its unit or title;
    only among the plans of `units` (another unit's plan is not found)."""
    ref = ref.strip()
    if ref.isdigit():
        plan = session.get(Plan, int(ref))
        if plan and in_units(plan, units):
            return plan
        if plan:  # another unit's plan: not found, and not another plan by its words
            raise NotFoundError(f"Rencana '{ref}' tidak ditemukan.")
    plans = [p for p in session.exec(select(Plan)) if in_units(p, units)]
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


def active_plans(session: Session, year: int, *, units: Units = None) -> list[Plan]:
    """Plans of a year (of `units`), the IKU first (then PK, RKT), newest import first."""
    plans = [p for p in session.exec(select(Plan).where(Plan.year == year))
             if in_units(p, units)]
    return sorted(plans, key=lambda p: (KIND_ORDER.get(p.kind, 9), -p.imported_at.timestamp()))


def plan_structure(session: Session, plan: Plan, version: PlanVersion | None = None,
                   ) -> list[tuple[Sasaran, list[Indicator]]]:
    """Sasaran and indicators of a version of the plan (default: its latest version)."""
    version = version or latest_version(session, plan)
    goals = list(session.exec(select(Sasaran).where(Sasaran.version_id == version.id)
                              .order_by(col(Sasaran.position))))
    inds = list(session.exec(select(Indicator).where(Indicator.version_id == version.id)
                             .order_by(col(Indicator.position))))
    return [(g, [i for i in inds if i.sasaran_id == g.id]) for g in goals]


def negative_share_indicator(session: Session, year: int, day: date | None = None, *,
                             units: Units = None) -> tuple[Indicator, str] | None:
    """The year's negative-sentiment indicator (the first of the active plans, IKU first,
    in the version in force on `day`, default the year's last day) with its plan's label:
    the target the media report and the dashboard compare with."""
    for plan in active_plans(session, year, units=units):
        version = version_in_force(session, plan, day or date(year, 12, 31))
        for _goal, inds in plan_structure(session, plan, version):
            for ind in inds:
                if ind.source == "negative_share":
                    return ind, plan_label(plan)
    return None


def plan_to_spec(session: Session, plan: Plan, version: PlanVersion | None = None) -> PlanSpec:
    """A version of the plan (default: the latest) as plain data, e.g. to export it."""
    version = version or latest_version(session, plan)
    spec = PlanSpec(kind=plan.kind, unit=plan.unit, year=plan.year, title=version.title,
                    institution=version.institution, effective_from=version.effective_from,
                    revision_note=version.note)
    for goal, inds in plan_structure(session, plan, version):
        spec.sasaran.append(SasaranSpec(text=goal.text, code=goal.code, indicators=[
            IndicatorSpec(name=i.name, unit=i.unit, target=i.target, target_text=i.target_text,
                          polarity=i.polarity, source=i.source, code=i.code, profile=i.profile,
                          media_type=i.media_type, survey_unit=i.survey_unit,
                          survey_service=i.survey_service, formula=i.formula,
                          data_source=i.data_source, quarter_targets=dict(i.quarter_targets))
            for i in inds]))
    return spec


def find_indicator(session: Session, ref: str, *, year: int | None = None,
                   plan: str | None = None, units: Units = None) -> Indicator:
    """An indicator by id, code or (part of) its name, within the year's plans. By code or
    name, each indicator is found once, as its plan's latest version that holds it writes
    it; an id may be that of any version."""
    stmt = (select(Indicator, Plan, PlanVersion)
            .join(Plan, col(Plan.id) == Indicator.plan_id)
            .join(PlanVersion, col(PlanVersion.id) == Indicator.version_id))
    if year is not None:
        stmt = stmt.where(Plan.year == year)
    if plan is not None:
        stmt = stmt.where(Plan.id == find_plan(session, plan, units=units).id)
    if units is not None:
        stmt = stmt.where(col(Plan.org_unit).in_(list(units)))
    found = list(session.exec(stmt))
    text = ref.strip().lower()
    by_id = [i for i, _p, _v in found if str(i.id) == text]
    if by_id:
        return by_id[0]
    newest: dict[tuple[int, str], tuple[Indicator, date]] = {}
    for i, _p, v in found:
        k = (i.plan_id, i.key)
        if k not in newest or newest[k][1] < v.effective_from:
            newest[k] = (i, v.effective_from)
    rows = [(i, p) for i, p, _v in found if newest[(i.plan_id, i.key)][0] is i]
    exact = [i for i, _ in rows if (i.code or "").lower() == text or i.name.lower() == text]
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
    planners' form, the JSON API): the rules of what may be entered live here, and every
    change is recorded in the audit log with the value it replaced (`manual_value_history`)."""
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
        ManualValue.plan_id == indicator.plan_id, ManualValue.indicator_key == indicator.key,
        ManualValue.period == period.code)).first()
    before = _manual_fields(row) if row is not None else None
    if row is None:
        row = ManualValue(plan_id=indicator.plan_id, indicator_key=indicator.key,
                          period=period.code, value=value, entered_by=who)
    row.value, row.entered_by, row.entered_at = value, who, at or utcnow()
    row.evidence, row.evidence_link = (evidence or "").strip() or None, link
    session.add(row)
    session.flush()
    audit.record(session, actor=who, action="indicator.manual_value",
                 entity=MANUAL_VALUE_ENTITY, entity_id=row.id, before=before,
                 after=_manual_fields(row), note=f"{indicator.name} ({period.code})")
    return row


def _manual_fields(row: ManualValue) -> dict[str, Any]:
    return {"periode": row.period, "nilai": row.value, "oleh": row.entered_by,
            "pada": row.entered_at.isoformat(), "bukti": row.evidence,
            "tautan_bukti": row.evidence_link}


@dataclass
class ManualChange:
    """One entry of a manual value's history: who entered what, when, with which
    evidence, and the value it replaced (None for the first entry)."""

    period: str
    value: float
    previous: float | None
    by: str
    at: datetime
    evidence: str | None
    evidence_link: str | None


def manual_value_history(session: Session, indicator: Indicator,
                         period: Period | None = None) -> list[ManualChange]:
    """Every change of the indicator's manual values (of every version of its plan),
    newest first, from the audit log; only `period`'s when given."""
    stmt = select(ManualValue).where(ManualValue.plan_id == indicator.plan_id,
                                     ManualValue.indicator_key == indicator.key)
    if period is not None:
        stmt = stmt.where(ManualValue.period == period.code)
    ids = [r.id for r in session.exec(stmt)]
    out: list[tuple[datetime, int, ManualChange]] = []
    for row_id in ids:
        for event in audit.events(session, entity=MANUAL_VALUE_ENTITY, entity_id=row_id):
            after = json.loads(event.after or "{}")
            before = json.loads(event.before) if event.before else None
            out.append((event.at, event.id or 0, ManualChange(
                period=after["periode"], value=after["nilai"],
                previous=before["nilai"] if before else None, by=event.actor, at=event.at,
                evidence=after.get("bukti"), evidence_link=after.get("tautan_bukti"))))
    return [c for _at, _id, c in sorted(out, key=lambda t: (t[0], t[1]), reverse=True)]
