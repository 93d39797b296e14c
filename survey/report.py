"""The survey report in Bahasa Indonesia: XLSX (the regulation's data-processing table per
respondent and per element, the summary and breakdown sheets) and HTML/PDF with charts
through `pantau.core.render`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from pantau.core import render
from pantau.core.errors import InputError
from pantau.core.periods import Period
from pantau.core.spreadsheet import append_row, save_workbook, xlsx_cell
from pantau.core.timeutil import format_wib, utcnow
from survey.config import SurveyConfig
from survey.models import Response, Service, ServiceUnit
from survey.questionnaire import ELEMENTS, GENDERS
from survey.results import group_scores, score_scope
from survey.scoring import GRADE_TABLE, SurveyScore
from survey.units import period_ids_within, resolve_scope

FORMATS = ("xlsx", "html", "pdf")
BREAKDOWN_TITLES = {
    "unit": "Per unit layanan", "service": "Per jenis layanan", "period": "Per periode",
    "gender": "Menurut jenis kelamin", "age_band": "Menurut kelompok usia",
    "education": "Menurut pendidikan", "occupation": "Menurut pekerjaan",
}
PROFILE_DIMENSIONS = ("gender", "age_band", "education", "occupation")
MAX_SARAN_LISTED = 100
MAX_XLSX_RESPONDENTS = 1_000_000  # Excel stops at 1,048,576 rows


@dataclass
class ReportData:
    institution: str
    scope_label: str  # "Unit PPID - Layanan Informasi" / "Semua unit layanan"
    period: Period
    score: SurveyScore
    breakdowns: dict[str, list[tuple[str, SurveyScore]]] = field(default_factory=dict)
    saran: list[str] = field(default_factory=list)
    saran_total: int = 0
    unit_id: int | None = None
    service_ids: list[int] | None = None


def collect(session: Session, *, survey: SurveyConfig, institution: str, unit: str | None,
            period: Period, service: str | None = None) -> ReportData:
    scope = resolve_scope(session, survey=survey, unit=unit, service=service)
    score = score_scope(session, survey=survey, scope=scope, period=period)
    if scope.unit_id is not None:
        unit_row = session.get(ServiceUnit, scope.unit_id)
        label = f"Unit layanan: {unit_row.name if unit_row else scope.unit_code}"
    else:
        label = "Semua unit layanan"
    if scope.service_name:
        label += f" - layanan {scope.service_name}"
    data = ReportData(institution, label, period, score,
                      unit_id=scope.unit_id, service_ids=scope.service_ids)
    dimensions = ["service", "period", *PROFILE_DIMENSIONS]
    if scope.unit_id is None:
        dimensions.insert(0, "unit")
    for by in dimensions:
        data.breakdowns[by] = group_scores(session, survey=survey, by=by, period=period,
                                           unit_id=scope.unit_id, service_ids=scope.service_ids)
    saran = list(_respondents(session, data, saran_only=True))
    data.saran_total = len(saran)
    data.saran = [str(r["saran"]) for r in saran[:MAX_SARAN_LISTED]]
    return data


def _respondents(session: Session, data: ReportData, *,
                 saran_only: bool = False) -> Iterator[dict[str, Any]]:
    """The stored responses in scope, in import order (streamed)."""
    t = Response.__table__  # type: ignore[attr-defined]
    period_ids = period_ids_within(session, data.period)
    if not period_ids:
        return
    query = select(t, Service.name.label("service_name"),  # type: ignore[attr-defined]
                   ServiceUnit.code.label("unit_code")).join(  # type: ignore[attr-defined]
        Service, Service.id == t.c.service_id, isouter=True).join(  # type: ignore[arg-type]
        ServiceUnit, ServiceUnit.id == t.c.unit_id).where(  # type: ignore[arg-type]
        t.c.period_id.in_(period_ids)).order_by(t.c.id)
    if data.unit_id is not None:
        query = query.where(t.c.unit_id == data.unit_id)
    if data.service_ids is not None:
        query = query.where(t.c.service_id.in_(data.service_ids))
    if saran_only:
        query = query.where(t.c.saran.is_not(None), t.c.saran != "")
    result = session.connection().execution_options(yield_per=5000).execute(query)
    for row in result.mappings():
        yield dict(row)


# ---------------------------------------------------------------- helpers


def _file_stem(data: ReportData) -> str:
    scope = data.score.unit or "semua-unit"
    if data.score.service:
        scope += f"-{data.score.service}"
    text = f"skm-{scope}-{data.period.code}".lower().replace("..", "_")
    return re.sub(r"[^0-9a-z_-]+", "-", text).strip("-")


def _weighting_note(score: SurveyScore) -> str:
    if score.spreadsheet_weights:
        return ("Metode: " + score.method + ". Pengaturan [survey] spreadsheet_weights = true "
                "aktif; nilai baku PermenPANRB 14/2017 memakai bobot 1/9 tanpa pembulatan.")
    return "Metode: " + score.method + " (nilai IKM = rata-rata sembilan NRR x 25)."


def _num(value: float, decimals: int = 2) -> str:
    return render.fmt_number(value, decimals)


# ---------------------------------------------------------------- HTML / PDF


def build_document(data: ReportData) -> render.Document:
    score = data.score
    doc = render.Document(
        title="Laporan Survei Kepuasan Masyarakat",
        subtitle=(f"{data.institution} - {data.scope_label} - {data.period.label} "
                  f"({data.period.code}). Disusun {format_wib(utcnow())}."))
    doc.add(render.Heading("Ringkasan"))
    if score.respondents == 0:
        doc.add(render.Paragraph("Belum ada respons survei pada cakupan dan periode ini.",
                                 "warning"))
        return doc
    doc.add(render.Table(
        ["Keterangan", "Nilai"],
        [["Jumlah responden", score.respondents],
         ["Indeks Kepuasan Masyarakat (IKM)", _num(score.ikm)],
         ["Mutu pelayanan", f"{score.grade} ({score.label})"],
         ["Unsur prioritas perbaikan", ", ".join(score.priorities)]]))
    doc.add(render.Paragraph(_weighting_note(score), "note"))
    if score.min_sample is not None:
        doc.add(render.Paragraph(
            f"Sampel minimum (Krejcie-Morgan) untuk populasi {score.population}: "
            f"{score.min_sample} responden.", "note"))
    if score.sample_warning:
        doc.add(render.Paragraph("Peringatan: " + score.sample_warning, "warning"))

    doc.add(render.Heading("Nilai per unsur pelayanan"))
    doc.add(render.Table(
        ["No", "Unsur", "Jumlah nilai", "Jumlah jawaban", "NRR", "NRR tertimbang", "Mutu"],
        [[e.code, e.name, e.total, e.answers, _num(e.nrr, 3), _num(e.weighted, 3),
          f"{e.grade} ({e.label})"] for e in score.elements]))
    doc.add(render.Image(render.bar_chart(
        [e.name for e in score.elements], [e.nrr for e in score.elements],
        title="NRR per unsur (skala 1-4)", xlabel="NRR", xlim=(1, 4.3),
        colors=[render.PALETTE[3] if e.name in score.priorities else render.PALETTE[1]
                for e in score.elements]),
        caption="Warna merah: unsur prioritas perbaikan (NRR terendah)."))
    doc.add(render.Paragraph(
        "Prioritas perbaikan: " + "; ".join(
            f"{e.name} (NRR {_num(e.nrr, 3)}, mutu {e.grade})"
            for name in score.priorities for e in score.elements if e.name == name)))

    for by in ("unit", "service", "period"):
        rows = data.breakdowns.get(by) or []
        if len(rows) > (0 if by == "unit" else 1):
            doc.add(render.Heading(BREAKDOWN_TITLES[by]))
            doc.add(_breakdown_table(rows))

    doc.add(render.Heading("Profil responden"))
    for by in PROFILE_DIMENSIONS:
        rows = data.breakdowns.get(by) or []
        if not rows:
            continue
        doc.add(render.Heading(BREAKDOWN_TITLES[by], 3))
        labels = [name for name, _ in rows]
        counts = [s.respondents for _, s in rows]
        chart = (render.pie_chart(labels, counts, title=BREAKDOWN_TITLES[by])
                 if by == "gender" else
                 render.bar_chart(labels, counts, title=BREAKDOWN_TITLES[by],
                                  xlabel="Jumlah responden"))
        doc.add(render.Image(chart, width_cm=11))
        doc.add(_breakdown_table(rows))

    doc.add(render.Heading("Tabel mutu pelayanan (PermenPANRB 14/2017)"))
    doc.add(render.Table(["Mutu", "Kinerja", "Nilai interval (NI)", "Nilai interval konversi"],
                         [list(r) for r in GRADE_TABLE]))
    doc.add(render.Paragraph(
        "Batas mutu diputuskan pada nilai sebelum pembulatan: nilai di celah antar-rentang "
        "masuk ke rentang bawah (mis. 64,995 = D; 65,00 = C).", "note"))
    if data.saran:
        doc.add(render.Heading("Saran responden"))
        more = (f" (ditampilkan {len(data.saran)} dari {data.saran_total})"
                if data.saran_total > len(data.saran) else "")
        doc.add(render.Table(["No", f"Saran{more}"],
                             [[i, s] for i, s in enumerate(data.saran, start=1)]))
    return doc


def _breakdown_table(rows: list[tuple[str, SurveyScore]]) -> render.Table:
    return render.Table(
        ["Kelompok", "Responden", "IKM", "Mutu"],
        [[name, s.respondents, _num(s.ikm) if s.respondents else "-",
          f"{s.grade} ({s.label})"] for name, s in rows])


# ---------------------------------------------------------------- XLSX


def write_xlsx(session: Session, data: ReportData, path: Path) -> Path:
    """The workbook, every cell through `pantau.core.spreadsheet`: suggestions and names come
    from the public and from officers' files, so they are written as text, never formulas."""
    # deferred: openpyxl takes a fifth of a second to import; only XLSX reports need it
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F3")
    workbook = Workbook(write_only=True)
    score = data.score

    def head(sheet: Any, values: list[Any]) -> None:
        append_row(sheet, values, font=bold, fill=fill)

    summary = workbook.create_sheet("Ringkasan")
    rows: list[list[Any]] = [
        ["Laporan Survei Kepuasan Masyarakat (PermenPANRB 14/2017)"],
        ["Instansi", data.institution],
        ["Cakupan", data.scope_label],
        ["Periode", f"{data.period.label} ({data.period.code})"],
        ["Jumlah responden", score.respondents],
        ["IKM", score.ikm],
        ["IKM sebelum pembulatan", score.ikm_unrounded],
        ["Mutu pelayanan", score.grade],
        ["Kinerja unit pelayanan", score.label],
        ["Metode", _weighting_note(score)],
    ]
    if score.min_sample is not None:
        rows.append(["Sampel minimum (Krejcie-Morgan)", score.min_sample])
    if score.sample_warning:
        rows.append(["Peringatan", score.sample_warning])
    rows += [["Prioritas perbaikan", ", ".join(score.priorities)], []]
    for row in rows:
        append_row(summary, row)
    head(summary, ["No", "Unsur", "Jumlah nilai", "Jumlah jawaban", "NRR", "NRR tertimbang",
                   "Mutu", "Kinerja"])
    for e in score.elements:
        append_row(summary, [e.code, e.name, e.total, e.answers, e.nrr, e.weighted, e.grade,
                             e.label])
    append_row(summary, [])
    head(summary, ["Mutu", "Kinerja", "Nilai interval (NI)", "Nilai interval konversi"])
    for r in GRADE_TABLE:
        append_row(summary, list(r))

    _processing_sheet(workbook, session, data, head)

    for by, groups in data.breakdowns.items():
        if not groups:
            continue
        sheet = workbook.create_sheet(BREAKDOWN_TITLES[by][:31])
        head(sheet, ["Kelompok", "Responden", "IKM", "Mutu", "Kinerja",
                     *(f"NRR {e.code}" for e in ELEMENTS)])
        for name, s in groups:
            append_row(sheet, [name, s.respondents, s.ikm if s.respondents else None, s.grade,
                               s.label, *(s.nrr.get(e.name) for e in ELEMENTS)])

    sheet = workbook.create_sheet("Saran")
    head(sheet, ["No", "Saran"])
    for i, text in enumerate(data.saran, start=1):
        append_row(sheet, [i, text])
    return save_workbook(workbook, path)


def _processing_sheet(workbook: Any, session: Session, data: ReportData, head: Any) -> None:
    """The regulation's 'pengolahan data' table: one row per respondent, U1..U9, then the
    totals, NRR, NRR tertimbang, IKM and mutu rows."""
    score = data.score
    sheet = workbook.create_sheet("Pengolahan Data")
    codes = [e.code for e in ELEMENTS]
    lead = ["No", "Unit", "Tanggal", "Jenis kelamin", "Usia", "Pendidikan", "Pekerjaan",
            "Jenis layanan"]
    head(sheet, [*lead, *codes])
    blank = [None] * (len(lead) - 1)
    count = 0
    for count, r in enumerate(_respondents(session, data), start=1):  # noqa: B007
        if count > MAX_XLSX_RESPONDENTS:
            append_row(sheet, [f"... {score.respondents - MAX_XLSX_RESPONDENTS} responden lain "
                               "tidak dicantumkan (batas baris Excel); jumlah di bawah "
                               "mencakup semuanya."])
            break
        day = r["survey_date"]
        # One row per respondent (up to a million): cells built directly, the answers and
        # numbers as they are, the text through xlsx_cell.
        sheet.append([count, xlsx_cell(sheet, r["unit_code"]), day.isoformat() if day else None,
                      GENDERS.get(r["gender"]) if r["gender"] else None, r["age"],
                      xlsx_cell(sheet, r["education"]), xlsx_cell(sheet, r["occupation"]),
                      xlsx_cell(sheet, r["service_name"]), *(r[e.column] for e in ELEMENTS)])
    if not score.elements:
        return
    rows: list[list[Any]] = [
        [],
        ["Σ nilai per unsur", *blank, *(e.total for e in score.elements)],
        ["Jumlah jawaban", *blank, *(e.answers for e in score.elements)],
        ["NRR per unsur", *blank, *(e.nrr for e in score.elements)],
        ["NRR tertimbang", *blank, *(e.weighted for e in score.elements)],
        ["Mutu per unsur", *blank, *(e.grade for e in score.elements)],
        ["IKM unit pelayanan (Σ NRR tertimbang x 25)", *blank, score.ikm],
        ["Mutu pelayanan", *blank, f"{score.grade} ({score.label})"],
        ["Keterangan", *blank, _weighting_note(score)],
        [],
        *([e.code, *blank, e.name] for e in ELEMENTS),
    ]
    for row in rows:
        append_row(sheet, row)


# ---------------------------------------------------------------- entry point


def write_survey_report(session: Session, *, survey: SurveyConfig, institution: str,
                        unit: str | None, period: Period, formats: list[str], out_dir: Path,
                        service: str | None = None) -> list[Path]:
    """Write the survey report in the formats asked (xlsx, html, pdf); returns the paths.
    `institution` is the name printed on the report."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(f"Format laporan tidak dikenal: {', '.join(unknown)}. "
                         f"Pilih dari: {', '.join(FORMATS)}.")
    data = collect(session, survey=survey, institution=institution, unit=unit, period=period,
                   service=service)
    base = Path(out_dir) / _file_stem(data)
    written: list[Path] = []
    if "xlsx" in formats:
        written.append(write_xlsx(session, data, base.with_suffix(".xlsx")))
    others = [f for f in formats if f in ("html", "pdf")]
    if others:
        written += render.write_document(build_document(data), base, others)
    return written
