"""`pantau report indicators`: the plan table as plan documents print it (Sasaran,
Indikator, Satuan, Target, Realisasi, Capaian, Status), filled from the computed values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session

from indicators.config import COUNTING_BASIS_LABELS, LOWER_FORMULA_LABELS
from indicators.planio import append_text_safe
from indicators.service import SOURCE_LABELS, IndicatorValue, compute_indicators
from pantau.core import render
from pantau.core.errors import NotFoundError
from pantau.core.periods import Period
from pantau.core.periods import year as year_period
from pantau.core.render import Document, Heading, Paragraph, Table, fmt_number
from pantau.core.timeutil import format_wib, utcnow

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
                     _pct_or_dash(v.realisasi), _pct_or_dash(v.capaian), v.status])
    return rows


def write_indicator_report(session: Session, *, year: int, period: Period | None,
                           formats: list[str], out_dir: Path) -> list[Path]:
    from pantau.config import get_config

    config = get_config()
    period = period or year_period(year)
    values = compute_indicators(session, year=year, period=period)
    if not values:
        raise NotFoundError(f"Tidak ada rencana untuk tahun {year}. Impor dengan "
                            "`pantau plan import BERKAS`.")
    plans: dict[str, list[IndicatorValue]] = {}
    for v in values:
        plans.setdefault(v.plan, []).append(v)
    cfg = config.indicators
    doc = Document(
        title=f"Capaian Indikator Kinerja {period.label}",
        subtitle=(f"{config.institution.name}. Dibuat {format_wib(utcnow())}. Dasar "
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
    written = render.write_document(doc, base, [f for f in formats if f in ("html", "pdf")])
    if "xlsx" in formats:
        written.append(_write_xlsx(plans, base.with_suffix(".xlsx"), doc.title))
    return written


def _write_xlsx(plans: dict[str, list[IndicatorValue]], path: Path, title: str) -> Path:
    import json

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Capaian"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    for name, vals in plans.items():
        ws.append([])
        ws.append([name])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append(XLSX_COLUMNS)
        for c in ws[ws.max_row]:
            c.font = Font(bold=True)
        for v, row in zip(vals, table_rows(vals), strict=True):
            row[4], row[5] = v.realisasi, v.capaian  # numbers, not text, in the workbook
            append_text_safe(ws, [*row, SOURCE_LABELS[v.source]])
            for c in ws[ws.max_row]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGH", (40, 45, 9, 14, 12, 12, 15, 30), strict=True):
        ws.column_dimensions[col].width = width
    inputs = wb.create_sheet("Masukan")
    inputs.append(["ID indikator", "Rencana", "Indikator", "Periode", "Realisasi", "Capaian",
                   "Status", "Masukan (JSON)"])
    for vals in plans.values():
        for v in vals:
            append_text_safe(inputs, [
                v.indicator_id, v.plan, v.name, v.period, v.realisasi, v.capaian, v.status,
                json.dumps(v.inputs, ensure_ascii=False, default=str)])
    wb.save(path)
    return path
