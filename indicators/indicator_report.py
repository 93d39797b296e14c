"""`pantau report indicators`: the plan table as plan documents print it (Sasaran,
Indikator, Satuan, Target, Realisasi, Capaian, Status), filled from the computed values,
with a row per quarter (TW I-IV: target, realisasi, capaian, status) under each indicator
that has quarterly targets, and, per plan, the version the values were computed against;
HTML/PDF/DOCX/PPTX (pantau.core.render) and XLSX (text written as text by
pantau.core.spreadsheet)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session

from indicators.config import (
    COUNTING_BASIS_LABELS,
    LOWER_FORMULA_LABELS,
    IndicatorsConfig,
    Institution,
)
from indicators.models import Plan
from indicators.plans import Units, plan_versions
from indicators.service import SOURCE_LABELS, IndicatorValue, compute_indicators
from pantau.core import render
from pantau.core.errors import NotFoundError
from pantau.core.periods import Period, parse_period
from pantau.core.periods import year as year_period
from pantau.core.render import Document, Heading, Paragraph, Table, fmt_number
from pantau.core.spreadsheet import append_row, save_workbook
from pantau.core.timeutil import format_wib, utcnow
from survey.config import SurveyConfig

# The plan table as plan documents print it; the XLSX adds the data source.
COLUMNS = ["Sasaran", "Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)", "Status"]
# The workbook adds the data source, then what each value rests on, in words and as
# numbers in their own columns (IKM: grade, respondents, sample, 95% interval; negative
# share: the audit's corrected estimate and interval).
UNCERTAINTY_COLUMNS = ["Keterangan", "Mutu", "Responden", "Sampel minimum", "Populasi",
                       "Selang 95% bawah", "Selang 95% atas", "Audit (pemberitaan)"]
XLSX_COLUMNS = [*COLUMNS, "Sumber data", *UNCERTAINTY_COLUMNS]
INTERVAL_MEANING = (
    "Selang kepercayaan 95% adalah rentang yang dengan keyakinan 95% memuat nilai "
    "sebenarnya bila seluruh penerima layanan (IKM) atau seluruh pemberitaan (sentimen "
    "negatif) dinilai; makin sedikit responden atau pemberitaan yang diperiksa, makin lebar "
    "rentangnya. Nilai yang rentangnya memuat target belum dapat dipastikan di atas atau di "
    "bawah target.")


def _pct_or_dash(value: float | None) -> str:
    return "-" if value is None else fmt_number(value)


def _date_id(iso: str) -> str:
    return f"{iso[8:10]}-{iso[5:7]}-{iso[0:4]}"


def value_range(low: float, high: float, decimals: int = 2, unit: str = "") -> str:
    """A range in words, '74,77 s.d. 76,09' (a comma between the bounds would read as one
    number in Indonesian)."""
    return f"{fmt_number(low, decimals)}{unit} s.d. {fmt_number(high, decimals)}{unit}"


def _interval(inputs: dict[str, Any], key: str) -> tuple[float, float] | None:
    bounds = inputs.get(key)
    if isinstance(bounds, list | tuple) and len(bounds) == 2 and None not in bounds:
        return float(bounds[0]), float(bounds[1])
    return None


def value_note(v: IndicatorValue) -> str:
    """What a computed value rests on and how sure it is, in plain words: for the IKM its
    grade, 95% interval, respondents and whether they reach the minimum sample; for the
    negative share the audit's corrected estimate and interval, or that it counts the
    model's labels, not audited. Empty for other indicators and for a value not computed."""
    if v.realisasi is None:
        return ""
    i = v.inputs
    if v.source == "ikm":
        parts = [f"IKM {fmt_number(v.realisasi)}" + (f" (mutu {i['mutu']})" if i.get("mutu")
                                                     else "")]
        ci = _interval(i, "ci95")
        if ci:
            parts.append(f"selang kepercayaan 95%: {value_range(*ci)}")
        respondents = i.get("responden")
        if respondents is not None:
            needed, population = i.get("sampel_minimum"), i.get("populasi")
            if needed and population:
                enough = ("memenuhi" if respondents >= needed else "di bawah")
                parts.append(f"{fmt_number(int(respondents))} responden, {enough} sampel "
                             f"minimum {fmt_number(int(needed))} untuk populasi "
                             f"{fmt_number(int(population))}")
            else:
                parts.append(f"{fmt_number(int(respondents))} responden, populasi belum diisi "
                             "sehingga kecukupan sampel tidak dapat dinilai")
        return "; ".join(parts)
    if v.source == "negative_share":
        ci = _interval(i, "selang_95")
        if "perkiraan_terkoreksi" not in i or ci is None:
            return "label model, belum diaudit"
        return (f"perkiraan terkoreksi {fmt_number(i['perkiraan_terkoreksi'], 1)}%; selang "
                f"kepercayaan 95%: {value_range(*ci, decimals=1, unit='%')}; audit "
                f"{fmt_number(int(i['audit_pemberitaan']))} pemberitaan")
    return ""


def uncertainty_cells(v: IndicatorValue) -> list[Any]:
    """The workbook's `UNCERTAINTY_COLUMNS` of a value (None where it has nothing)."""
    i = v.inputs if v.realisasi is not None else {}
    ci = _interval(i, "ci95") or _interval(i, "selang_95")
    return [value_note(v) or None, i.get("mutu"), i.get("responden"),
            i.get("sampel_minimum"), i.get("populasi"),
            ci[0] if ci else None, ci[1] if ci else None, i.get("audit_pemberitaan")]


def _quarter_name(q: dict[str, Any], version: int | None) -> str:
    """'Triwulan III 2023', with the plan version when it is not the indicator's own."""
    name = parse_period(q["period"]).label
    number = q["plan_version"]["number"]
    return f"  {name}" + (f" (versi {number})" if number != version else "")


def table_rows(values: list[IndicatorValue], *, numbers: bool = False) -> list[list[Any]]:
    """The plan table: one row per indicator, then one per quarter that has a target
    (TW I-IV as plan documents monitor them). With `numbers`, realisasi and capaian stay
    numbers (the workbook) instead of text in Indonesian format."""
    rows: list[list[Any]] = []
    last_goal = None
    for v in values:
        goal = v.sasaran if v.sasaran != last_goal else ""
        last_goal = v.sasaran
        name = f"{v.code} {v.name}" if v.code else v.name
        rows.append([goal, name, v.unit, v.target_text,
                     v.realisasi if numbers else _pct_or_dash(v.realisasi),
                     v.capaian if numbers else _pct_or_dash(v.capaian), v.status])
        for q in v.quarters:
            rows.append(["", _quarter_name(q, v.plan_version.get("number")), v.unit,
                         q["target_text"],
                         q["realisasi"] if numbers else _pct_or_dash(q["realisasi"]),
                         q["capaian"] if numbers else _pct_or_dash(q["capaian"]),
                         q["status"]])
    return rows


def version_statement(session: Session, plan_id: int, values: list[IndicatorValue]) -> str:
    """Which version of the plan the values were computed against, in words: its number,
    effective date and revision note, and how many versions the plan has."""
    plan = session.get(Plan, plan_id)
    assert plan is not None
    versions = plan_versions(session, plan)
    info = values[0].plan_version
    used = next((v for v in versions if v.id == info.get("id")), None)
    text = (f"Dihitung dengan versi {info['number']} dari {len(versions)} versi rencana "
            f"(berlaku mulai {_date_id(info['effective_from'])}).")
    if used is not None and used.note:
        text += f" Keterangan versi: {used.note.rstrip('.')}."
    other = sorted({q["plan_version"]["number"] for v in values for q in v.quarters}
                   - {info["number"]})
    if other:
        text += (" Target triwulan dihitung dengan versi yang berlaku pada akhir triwulannya"
                 f" (versi {', '.join(str(n) for n in other)} untuk triwulan yang ditandai).")
    return text


def write_indicator_report(session: Session, *, year: int, period: Period | None,
                           formats: list[str], out_dir: Path, indicators: IndicatorsConfig,
                           survey: SurveyConfig, institution: Institution,
                           units: Units = None) -> list[Path]:
    """Compute the indicators of `year` for `period` (default: the year) and write their
    table in the formats asked (xlsx, pdf, html, docx, pptx); returns the files written."""
    period = period or year_period(year)
    values = compute_indicators(session, year=year, period=period, indicators=indicators,
                                survey=survey, units=units)
    if not values:
        raise NotFoundError(f"Tidak ada rencana untuk tahun {year}. Impor rencananya di "
                            "halaman Rencana (atau `pantau plan import BERKAS`).")
    plans: dict[str, list[IndicatorValue]] = {}
    for v in values:
        plans.setdefault(v.plan, []).append(v)
    cfg = indicators
    doc = Document(
        title=f"Capaian Indikator Kinerja {period.label}",
        subtitle=(f"{institution.name}. Dibuat {format_wib(utcnow())}. Dasar "
                  f"penghitungan berita: {COUNTING_BASIS_LABELS[cfg.counting_basis]}."),
    )
    statements = {name: version_statement(session, vals[0].plan_id, vals)
                  for name, vals in plans.items()}
    for name, vals in plans.items():
        doc.add(Heading(name), Paragraph(statements[name], "note"),
                Table(COLUMNS, table_rows(vals)))
        for v in vals:
            note = value_note(v)
            if note:
                label = f"{v.code} {v.name}" if v.code else v.name
                doc.add(Paragraph(f"{label}: {note}.", "note"))
    doc.add(Heading("Catatan", 3), Paragraph(
        "Capaian = realisasi / target x 100% untuk indikator makin-tinggi-makin-baik; untuk "
        "indikator makin-rendah-makin-baik (mis. persentase sentimen negatif) capaian = "
        f"{LOWER_FORMULA_LABELS[cfg.lower_is_better_formula]}. Status tercapai bila realisasi "
        "memenuhi target sesuai arah indikatornya. Baris triwulan (TW I-IV) memuat target "
        "triwulan rencana dengan realisasi, capaian dan status triwulan itu; target triwulan "
        "dan tahunan diambil dari versi rencana yang berlaku pada akhir periodenya. "
        f"{INTERVAL_MEANING} Persentase sentimen negatif yang ditandai 'label model, belum "
        "diaudit' dihitung dari label yang diberikan model tanpa pemeriksaan sampel oleh "
        "analis. Rincian data setiap nilai (jumlah berita, nilai per unsur survei, dan "
        "sebagainya) ada pada lembar 'Masukan' berkas XLSX laporan ini, atau dapat diminta "
        "kepada pengelola Pantau.",
        "note"))
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / f"capaian-indikator-{period.code.replace('..', '_')}"
    written = render.write_document(doc, base, [f for f in formats
                                                if f in ("html", "pdf", "docx", "pptx")])
    if "xlsx" in formats:
        written.append(_write_xlsx(plans, base.with_suffix(".xlsx"), doc.title, statements))
    return written


def _write_xlsx(plans: dict[str, list[IndicatorValue]], path: Path, title: str,
                statements: dict[str, str]) -> Path:
    # deferred: openpyxl is only needed when an XLSX is asked for
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Capaian"
    append_row(ws, [title], font=Font(bold=True, size=13))
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for name, vals in plans.items():
        ws.append([])
        append_row(ws, [name], font=bold)
        append_row(ws, [statements[name]])
        append_row(ws, XLSX_COLUMNS, font=bold)
        extra = [[SOURCE_LABELS[v.source], *(uncertainty_cells(v) if n == 0
                                             else [None] * len(UNCERTAINTY_COLUMNS))]
                 for v in vals for n in range(1 + len(v.quarters))]
        for row, more in zip(table_rows(vals, numbers=True), extra, strict=True):
            append_row(ws, [*row, *more], alignment=wrapped)
    widths = (40, 45, 9, 14, 12, 12, 15, 30, 50, 8, 11, 11, 10, 11, 11, 11)
    for col, width in zip("ABCDEFGHIJKLMNOP", widths, strict=True):
        ws.column_dimensions[col].width = width
    inputs = wb.create_sheet("Masukan")
    append_row(inputs, ["ID indikator", "Rencana", "Indikator", "Periode", "Versi rencana",
                        "Realisasi", "Capaian", "Status", "Masukan (JSON)"])
    for vals in plans.values():
        for v in vals:
            append_row(inputs, [
                v.indicator_id, v.plan, v.name, v.period, v.plan_version.get("number"),
                v.realisasi, v.capaian, v.status,
                json.dumps(v.inputs, ensure_ascii=False, default=str)])
            for q in v.quarters:
                append_row(inputs, [
                    v.indicator_id, v.plan, v.name, q["period"], q["plan_version"]["number"],
                    q["realisasi"], q["capaian"], q["status"],
                    json.dumps({"target": q["target_text"], "pembanding": q["comparator"]},
                               ensure_ascii=False)])
    return save_workbook(wb, path)
