"""Indicator values per period: realisasi from Pantau's data or from values people
entered, capaian and status against the plan target, stored with their inputs.

Contract: `compute_indicators(session, *, year, period=None, indicators, survey)
-> list[IndicatorValue]`, with the `[indicators]` and `[survey]` sections.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from indicators import formulas
from indicators.audit import audited_inputs
from indicators.config import COUNTING_BASIS_LABELS, LOWER_FORMULA_LABELS, IndicatorsConfig
from indicators.counting import MediaCounts, Scope, ToneCounts, tone_counts_by_media
from indicators.models import Indicator, IndicatorValueRecord, ManualValue, Plan, PlanVersion
from indicators.planio import target_from_text
from indicators.plans import (
    Units,
    active_plans,
    plan_label,
    plan_structure,
    version_in_force,
    version_number,
)
from pantau.core import runlog
from pantau.core.errors import InputError, PantauError
from pantau.core.periods import Period, parse_period, quarter
from pantau.core.periods import year as year_period
from pantau.core.timeutil import JAKARTA, format_wib, utcnow
from pantau.core.units import DEFAULT_UNIT
from survey.api import score_unit
from survey.config import SurveyConfig

SOURCE_LABELS = {
    "negative_share": "Persentase sentimen negatif (Pantau)",
    "ikm": "IKM PermenPANRB 14/2017 (Pantau)",
    "daily_report_on_time": "Laporan harian tepat waktu (riwayat tugas Pantau)",
    "collection_success": "Pengumpulan terjadwal yang berhasil (riwayat tugas Pantau)",
    "manual": "Diisi manual",
}


@dataclass
class IndicatorValue:
    indicator_id: int
    plan_id: int
    plan: str
    sasaran: str
    code: str | None
    name: str
    unit: str
    target: float
    target_text: str
    polarity: str
    source: str
    period: str
    realisasi: float | None
    capaian: float | None
    status: str
    inputs: dict[str, Any] = field(default_factory=dict)
    # How realisasi is compared with the target: "<", "<=", ">", ">=" or a range "80-90".
    comparator: str = ">="
    # The plan version the period was computed against: id, number, effective_from.
    plan_version: dict[str, Any] = field(default_factory=dict)
    # Per quarter inside the period, for indicators with quarterly targets: period,
    # target, target_text, comparator, realisasi, capaian, status, plan_version.
    quarters: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Calculator:
    """Computes realisasi per indicator; caches shared queries within one run."""

    def __init__(self, session: Session, period: Period, cfg: IndicatorsConfig,
                 survey: SurveyConfig, today: date,
                 media_profiles: set[str] | None = None) -> None:
        self.session, self.period, self.cfg, self.today = session, period, cfg, today
        self.survey = survey
        # Profiles with a negative-share indicator of one media type (None: assume any).
        self.media_profiles = media_profiles
        self._media: dict[str, MediaCounts | None] = {}

    def realisasi(self, ind: Indicator, org_unit: str = DEFAULT_UNIT,
                  ) -> tuple[float | None, dict[str, Any]]:
        """The indicator's value over the period; `org_unit`: the organisation unit whose
        plan holds it (an IKM over "every unit" means that unit's own service units)."""
        if ind.source == "ikm":
            value, inputs = self._ikm(ind, org_unit)
        else:
            value, inputs = getattr(self, f"_{ind.source}")(ind)
        return value, {"sumber": ind.source, "periode": self.period.code, **inputs}

    # -- negative-sentiment share
    def _negative_share(self, ind: Indicator) -> tuple[float | None, dict[str, Any]]:
        assert ind.profile
        basis = self.cfg.counting_basis
        meta = {"profil": ind.profile, "jenis_media": ind.media_type or "semua",
                "dasar_penghitungan": basis,
                "dasar_penghitungan_teks": COUNTING_BASIS_LABELS[basis]}
        # One query per profile serves every negative-share indicator of that profile.
        if ind.profile not in self._media:
            per_media = self.media_profiles is None or ind.profile in self.media_profiles
            self._media[ind.profile] = tone_counts_by_media(
                self.session, Scope(self.period, ind.profile, None, basis), per_media=per_media)
        found = self._media[ind.profile]
        if found is None:
            return None, {**meta, "catatan": f"profil '{ind.profile}' belum ada di basis data"}
        counts = (found.per_media.get(ind.media_type) or ToneCounts()) if ind.media_type \
            else found.all
        audited = {} if ind.media_type else audited_inputs(
            self.session, period=self.period, profile=ind.profile, basis=basis)
        return counts.negative_share, {**meta, **counts.inputs(), **audited}

    # -- IKM (survey)
    def _ikm(self, ind: Indicator, org_unit: str) -> tuple[float | None, dict[str, Any]]:
        unit = None if ind.survey_unit in (None, "*") else ind.survey_unit
        meta = {"unit_survei": ind.survey_unit, "layanan": ind.survey_service or "semua"}
        if unit is None:
            # Several organisation units in one deployment: "every unit" is this plan's
            # organisation unit's own service units (one office: every unit, as before).
            owned = [u.code for u in self.survey.units if (u.unit or DEFAULT_UNIT) == org_unit]
            if len(owned) < len(self.survey.units):
                if len(owned) != 1:
                    return None, {**meta, "catatan": (
                        f"unit organisasi '{org_unit}' punya {len(owned)} unit layanan survei; "
                        "sebutkan unit_survei pada indikator ini")}
                unit = owned[0]
                meta["unit_survei_dipakai"] = unit
        try:
            score = score_unit(self.session, survey=self.survey, unit=unit,
                               period=self.period, service=ind.survey_service)
        except PantauError as exc:
            return None, {**meta, "catatan": str(exc)}
        respondents = int(score.respondents)
        if respondents == 0:
            return None, {**meta, "responden": 0}
        return round(float(score.ikm), 2), {
            **meta, "responden": respondents, "ikm": score.ikm, "mutu": score.grade,
            "kinerja": score.label, "nrr": {k: round(v, 4) for k, v in score.nrr.items()},
            "metode": score.method_label, "ci95": score.ci95, "populasi": score.population,
            "sampel_minimum": score.min_sample}

    # -- daily report on time
    def _daily_report_on_time(self, ind: Indicator) -> tuple[float | None, dict[str, Any]]:
        first = runlog.first_scheduled_day(self.session, "report:daily")
        deadline = self.cfg.daily_report_deadline
        meta = {"batas_waktu": f"{deadline} WIB"}
        if first is None:
            return None, {**meta, "catatan": "belum ada laporan harian terjadwal"}
        # A run's run_date is the day the report covers; that report is due the next
        # morning (WIB) at the deadline, so only days whose report is due by today count.
        start = max(self.period.start, first)
        end = min(self.period.end, self.today - timedelta(days=1))
        days = [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
        hh, mm = (int(x) for x in deadline.split(":"))
        deadline_of = {d: datetime.combine(date.fromisoformat(d) + timedelta(days=1),
                                           time(hh, mm), tzinfo=JAKARTA).astimezone(UTC)
                       for d in days}
        runs = runlog.runs_covering(self.session, "report:daily", self.period.start,
                                    self.period.end)
        counts = formulas.daily_report_days(runs, days, deadline_of)
        return formulas.share(counts["tepat_waktu"], counts["hari_terjadwal"]), {**meta, **counts}

    # -- scheduled collections that succeeded
    def _collection_success(self, ind: Indicator) -> tuple[float | None, dict[str, Any]]:
        lo, hi = self.period.utc_bounds()
        counts = runlog.scheduled_outcomes(self.session, "collect", lo, hi)
        total = sum(counts.values())
        return formulas.share(counts[runlog.BERHASIL], total), {
            **counts, "terjadwal_selesai": total}

    # -- manual
    def _manual(self, ind: Indicator) -> tuple[float | None, dict[str, Any]]:
        rows = list(self.session.exec(select(ManualValue).where(
            ManualValue.plan_id == ind.plan_id, ManualValue.indicator_key == ind.key)))
        by_code = {r.period: r for r in rows}
        entries = [formulas.ManualEntry(parse_period(r.period), r.value) for r in rows]
        value, how = formulas.manual_realisasi(entries, self.period, ind.unit)
        if value is None:
            return None, {"catatan": "belum ada nilai yang diisi untuk periode ini"}
        used = how.get("periode_nilai")
        src = by_code.get(used) if isinstance(used, str) else None
        if src:
            how |= {"diisi_oleh": src.entered_by, "diisi_pada": src.entered_at.isoformat(),
                    "bukti": src.evidence, "tautan_bukti": src.evidence_link}
        return value, how


def compute_indicators(session: Session, *, year: int, period: Period | None = None,
                       indicators: IndicatorsConfig, survey: SurveyConfig, store: bool = True,
                       today: date | None = None, units: Units = None) -> list[IndicatorValue]:
    """Every indicator of every plan of `year` for `period` (default: the whole year),
    each plan in the version in force at the period's end; with, per quarter inside the
    period, the quarter's target (for indicators that have quarterly targets) in the
    version in force at that quarter's end. Results are stored (one row per indicator and
    period, replaced on re-run)."""
    period = period or year_period(year)
    if period.start.year != year and period.end.year != year:
        raise InputError(f"Periode {period.code} berada di luar tahun rencana {year}.")
    today = today or utcnow().astimezone(JAKARTA).date()
    structure = [(plan, version, goal, ind) for plan in active_plans(session, year, units=units)
                 for version in [version_in_force(session, plan, period.end)]
                 for goal, inds in plan_structure(session, plan, version) for ind in inds]
    media_profiles = {ind.profile for _p, _v, _g, ind in structure
                      if ind.source == "negative_share" and ind.media_type and ind.profile}
    calc = _Calculator(session, period, indicators, survey, today, media_profiles)
    numbers: dict[int, int] = {}
    out = []
    for plan, version, goal, ind in structure:
        value = _value(calc, plan, goal.text, ind, indicators)
        value.plan_version = _version_info(session, version, numbers)
        value.quarters = _quarters(session, plan, ind, period, indicators, survey, today,
                                   media_profiles, numbers)
        out.append(value)
    if store:
        _store(session, out, period)
    return out


def _version_info(session: Session, version: PlanVersion, numbers: dict[int, int],
                  ) -> dict[str, Any]:
    assert version.id is not None
    if version.id not in numbers:
        numbers[version.id] = version_number(session, version)
    return {"id": version.id, "number": numbers[version.id],
            "effective_from": version.effective_from.isoformat()}


def _quarters(session: Session, plan: Plan, ind: Indicator, period: Period,
              cfg: IndicatorsConfig, survey: SurveyConfig, today: date,
              media_profiles: set[str], numbers: dict[int, int]) -> list[dict[str, Any]]:
    """Target, realisasi, capaian and status of each quarter inside `period` that has a
    quarterly target in the version in force at the quarter's end."""
    out: list[dict[str, Any]] = []
    inside = [quarter(period.start.year, q) for q in range(1, 5)
              if period.start <= quarter(period.start.year, q).start
              and quarter(period.start.year, q).end <= period.end]
    for q in inside:
        version = version_in_force(session, plan, q.end)
        q_ind = session.exec(select(Indicator).where(
            Indicator.version_id == version.id, Indicator.key == ind.key)).first()
        text = q_ind.quarter_targets.get(f"TW{(q.start.month - 1) // 3 + 1}") if q_ind else None
        if q_ind is None or text is None:
            continue
        target = target_from_text(text, q_ind.polarity)
        assert target is not None  # checked on import
        comp = formulas.comparison(text, q_ind.polarity)
        if not comp.written:
            comp = formulas.comparison(q_ind.target_text, q_ind.polarity)
        calc = _Calculator(session, q, cfg, survey, today, media_profiles)
        realisasi, _inputs = calc.realisasi(q_ind, plan.org_unit)
        out.append({
            "period": q.code, "target": target, "target_text": text,
            "comparator": comp.text, "realisasi": realisasi,
            "capaian": formulas.capaian(realisasi, target, q_ind.polarity,
                                        lower_formula=cfg.lower_is_better_formula,
                                        cap=cfg.capaian_max),
            "status": formulas.status(realisasi, target, q_ind.polarity, comp),
            "plan_version": _version_info(session, version, numbers)})
    return out


def _value(calc: _Calculator, plan: Plan, sasaran: str, ind: Indicator,
           cfg: IndicatorsConfig) -> IndicatorValue:
    realisasi, inputs = calc.realisasi(ind, plan.org_unit)
    cap = formulas.capaian(realisasi, ind.target, ind.polarity,
                           lower_formula=cfg.lower_is_better_formula, cap=cfg.capaian_max)
    if ind.polarity == "lower":
        inputs["rumus_capaian"] = cfg.lower_is_better_formula
    comp = formulas.comparison(ind.target_text, ind.polarity)
    assert ind.id is not None and plan.id is not None
    return IndicatorValue(
        indicator_id=ind.id, plan_id=plan.id, plan=plan_label(plan), sasaran=sasaran,
        code=ind.code, name=ind.name, unit=ind.unit, target=ind.target,
        target_text=ind.target_text, polarity=ind.polarity, source=ind.source,
        period=calc.period.code, realisasi=realisasi, capaian=cap,
        status=formulas.status(realisasi, ind.target, ind.polarity, comp), inputs=inputs,
        comparator=comp.text)


def _store(session: Session, values: list[IndicatorValue], period: Period) -> None:
    existing = {r.indicator_id: r for r in session.exec(select(IndicatorValueRecord).where(
        IndicatorValueRecord.period == period.code,
        col(IndicatorValueRecord.indicator_id).in_([v.indicator_id for v in values])))}
    now = utcnow()
    for v in values:
        rec = existing.get(v.indicator_id) or IndicatorValueRecord(
            indicator_id=v.indicator_id, period=period.code, status=v.status)
        rec.realisasi, rec.capaian, rec.status = v.realisasi, v.capaian, v.status
        rec.inputs = {**v.inputs, "pembanding": v.comparator, "versi_rencana": v.plan_version,
                      **({"triwulan": v.quarters} if v.quarters else {})}
        rec.computed_at = now
        session.add(rec)
    session.flush()


# How a value's inputs read on a page: Indonesian labels, values in words (never a key such
# as `negative_share` or `all_copies`).
INPUT_LABELS = {
    "sumber": "Sumber data", "periode": "Periode", "profil": "Profil",
    "jenis_media": "Jenis media", "dasar_penghitungan_teks": "Dasar penghitungan",
    "negatif": "Berita negatif", "netral": "Berita netral", "positif": "Berita positif",
    "tanpa_label": "Belum berlabel", "total_berlabel": "Berita berlabel",
    "unit_survei": "Unit layanan",
    "unit_survei_dipakai": "Unit layanan milik unit organisasi",
    "layanan": "Jenis layanan", "responden": "Responden",
    "ikm": "IKM", "mutu": "Mutu", "kinerja": "Kinerja", "nrr": "NRR per unsur",
    "metode": "Metode", "ci95": "Selang kepercayaan 95%", "populasi": "Populasi",
    "sampel_minimum": "Sampel minimum", "batas_waktu": "Batas waktu",
    "hari_terjadwal": "Hari terjadwal", "tepat_waktu": "Tepat waktu",
    "terjadwal_selesai": "Tugas terjadwal selesai", "berhasil": "Berhasil", "gagal": "Gagal",
    "terputus": "Terputus", "diisi_oleh": "Diisi oleh", "diisi_pada": "Diisi pada",
    "bukti": "Bukti", "tautan_bukti": "Tautan bukti", "catatan": "Catatan",
    "rumus_capaian": "Rumus capaian", "pembanding": "Pembanding",
    "versi_rencana": "Versi rencana", "triwulan": "Per triwulan", "konflik": "Konflik",
}
_HIDDEN_INPUTS = {"dasar_penghitungan"}  # shown in words as dasar_penghitungan_teks


def _date_text(value: Any) -> str:
    """An ISO date as the app writes dates, dd-mm-yyyy."""
    try:
        return date.fromisoformat(str(value)).strftime("%d-%m-%Y")
    except ValueError:
        return str(value)


def _input_text(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if key == "sumber":
        return SOURCE_LABELS.get(str(value), str(value))
    if key == "rumus_capaian":
        return LOWER_FORMULA_LABELS.get(str(value), str(value))
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if key in ("ci95", "selang_95") and isinstance(value, list | tuple) and len(value) == 2:
        # A range, never "74,77, 76,09": with decimal commas that reads as one number.
        unit = "%" if key == "selang_95" else ""
        return f"{_input_text('', value[0])}{unit} s.d. {_input_text('', value[1])}{unit}"
    if key == "versi_rencana" and isinstance(value, dict):
        return (f"versi {value.get('number', '-')}, berlaku mulai "
                f"{_date_text(value.get('effective_from'))}")
    if key == "diisi_pada" and isinstance(value, str):
        try:
            return format_wib(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_input_text(str(k), v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_input_text(key, v) for v in value)
    return str(value)


def describe_inputs(inputs: dict[str, Any]) -> list[tuple[str, str]]:
    """An indicator value's inputs as (label, value) rows for people."""
    return [(INPUT_LABELS.get(k, k.replace("_", " ").capitalize()), _input_text(k, v))
            for k, v in inputs.items() if k not in _HIDDEN_INPUTS]
