"""`pantau report indicators`: the plan table as plan documents print it (Sasaran,
Indikator, Satuan, Target, Realisasi, Capaian, Status), filled from the computed values;
HTML/PDF/DOCX/PPTX (pantau.core.render) and XLSX (text written as text by
pantau.core.spreadsheet)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session

from indicators.audit import audited_note
from indicators.config import (
    COUNTING_BASIS_LABELS,
    LOWER_FORMULA_LABELS,
    IndicatorsConfig,
    Institution,
)
from indicators.service import SOURCE_LABELS, IndicatorValue, compute_indicators
from pantau.core import render
from pantau.core.errors import NotFoundError
from pantau.core.periods import Period
from pantau.core.periods import year as year_period
from pantau.core.render import Document, Heading, Paragraph, Table, fmt_number
from pantau.core.spreadsheet import append_row, save_workbook
from pantau.core.timeutil import format_wib, utcnow
from survey.config import SurveyConfig

# The plan table as plan documents print it; the XLSX adds the data source.
COLUMNS = ["Sasaran", "Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)", "Status"]
XLSX_COLUMNS = [*COLUMNS, "Sumber data"]


def _pct_or_dash(value: float | None) -> str:
    return "-" if value is None else fmt_number(value)


def table_rows(values: list[IndicatorValue]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    last_goal = None
    for v in values:
        goal = v.sasaran if v.sasaran != last_goal else ""
        last_goal = v.sasaran
        name = f"{v.code} {v.name}" if v.code else v.name
        rows.append([goal, name, v.unit, v.target_text,
                     _pct_or_dash(v.realisasi) + audited_note(v.inputs),
                     _pct_or_dash(v.capaian), v.status])
    return rows


def write_indicator_report(session: Session, *, year: int, period: Period | None,
                           formats: list[str], out_dir: Path, indicators: IndicatorsConfig,
                           survey: SurveyConfig, institution: Institution) -> list[Path]:
    """Compute the indicators of `year` for `period` (default: the year) and write their
    table in the formats asked (xlsx, pdf, html, docx, pptx); returns the files written."""
    period = period or year_period(year)
    values = compute_indicators(session, year=year, period=period, indicators=indicators,
                                survey=survey)
    if not values:
        raise NotFoundError(f"Tidak ada rencana untuk tahun {year}. Impor dengan "
                            "`pantau plan import BERKAS`.")
    plans: dict[str, list[IndicatorValue]] = {}
    for v in values:
        plans.setdefault(v.plan, []).append(v)
    cfg = indicators
    doc = Document(
        title=f"Capaian Indikator Kinerja {period.label}",
        subtitle=(f"{institution.name}. Dibuat {format_wib(utcnow())}. Dasar "
                  f"penghitungan berita: {COUNTING_BASIS_LABELS[cfg.counting_basis]}."),
    )
    for name, vals in plans.items():
        doc.add(Heading(name), Table(COLUMNS, table_rows(vals)))
    doc.add(Heading("Catatan", 3), Paragraph(
        "Capaian = realisasi / target x 100% untuk indikator makin-tinggi-makin-baik; untuk "
        "indikator makin-rendah-makin-baik (mis. persentase sentimen negatif) capaian = "
        f"{LOWER_FORMULA_LABELS[cfg.lower_is_better_formula]}. Status tercapai bila realisasi "
        "memenuhi target sesuai arah indikatornya. Rincian masukan setiap nilai ada pada "
        "lembar 'Masukan' berkas XLSX dan keluaran `pantau indicators compute --json`.",
        "note"))
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / f"capaian-indikator-{period.code.replace('..', '_')}"
    written = render.write_document(doc, base, [f for f in formats
                                                if f in ("html", "pdf", "docx", "pptx")])
    if "xlsx" in formats:
        written.append(_write_xlsx(plans, base.with_suffix(".xlsx"), doc.title))
    return written


def _write_xlsx(plans: dict[str, list[IndicatorValue]], path: Path, title: str) -> Path:
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
        append_row(ws, XLSX_COLUMNS, font=bold)
        for v, row in zip(vals, table_rows(vals), strict=True):
            row[4], row[5] = v.realisasi, v.capaian  # numbers, not text, in the workbook
            append_row(ws, [*row, SOURCE_LABELS[v.source]], alignment=wrapped)
    for col, width in zip("ABCDEFGH", (40, 45, 9, 14, 12, 12, 15, 30), strict=True):
        ws.column_dimensions[col].width = width
    inputs = wb.create_sheet("Masukan")
    append_row(inputs, ["ID indikator", "Rencana", "Indikator", "Periode", "Realisasi",
                        "Capaian", "Status", "Masukan (JSON)"])
    for vals in plans.values():
        for v in vals:
            append_row(inputs, [
                v.indicator_id, v.plan, v.name, v.period, v.realisasi, v.capaian, v.status,
                json.dumps(v.inputs, ensure_ascii=False, default=str)])
    return save_workbook(wb, path)
