"""The survey report in Bahasa Indonesia: XLSX (the regulation's data-processing table per
respondent and per element, the summary and breakdown sheets) and HTML/PDF/DOCX with charts
through `pantau.core.render`, in the chapters offices publish (pendahuluan, hasil, analisis,
rencana tindak lanjut, lampiran)."""

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
from survey.followups import STATUS_LABELS, FollowUpRow, list_followups
from survey.methods import Method, get_method
from survey.models import Response, Service, ServiceUnit
from survey.questionnaire import GENDERS
from survey.results import group_scores, ikm_trend, score_scope
from survey.scoring import SurveyScore
from survey.units import period_ids_within, resolve_scope

FORMATS = ("xlsx", "html", "pdf", "docx")
# Respondent rows printed in the PDF/DOCX appendix; the XLSX lists every one.
MAX_PRINTED_RESPONDENTS = 300
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
    method: str = "14/2017"
    trend: list[tuple[Period, SurveyScore]] = field(default_factory=list)
    followups: list[FollowUpRow] = field(default_factory=list)
    processing: list[dict[str, Any]] = field(default_factory=list)  # printed respondents


def collect(session: Session, *, survey: SurveyConfig, institution: str, unit: str | None,
            period: Period, service: str | None = None,
            weights: str | None = None) -> ReportData:
    scope = resolve_scope(session, survey=survey, unit=unit, service=service)
    score = score_scope(session, survey=survey, scope=scope, period=period, weights=weights)
    if scope.unit_id is not None:
        unit_row = session.get(ServiceUnit, scope.unit_id)
        label = f"Unit layanan: {unit_row.name if unit_row else scope.unit_code}"
    else:
        label = "Semua unit layanan"
    if scope.service_name:
        label += f" - layanan {scope.service_name}"
    data = ReportData(institution, label, period, score,
                      unit_id=scope.unit_id, service_ids=scope.service_ids, method=score.method)
    dimensions = ["service", "period", *PROFILE_DIMENSIONS]
    if scope.unit_id is None:
        dimensions.insert(0, "unit")
    for by in dimensions:
        data.breakdowns[by] = group_scores(session, survey=survey, by=by, period=period,
                                           unit_id=scope.unit_id, service_ids=scope.service_ids,
                                           scope=scope, weights=weights)
    data.trend = ikm_trend(session, survey=survey, scope=scope, period=period)
    if scope.unit_code is not None:
        data.followups = list_followups(session, survey=survey, unit=scope.unit_code,
                                        period=period)
    for row in _respondents(session, data):
        if len(data.processing) >= MAX_PRINTED_RESPONDENTS:
            break
        data.processing.append(row)
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
    query = query.where(t.c.method == data.method)
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
    method = get_method(score.method)
    note = (f"Metode {score.method_label}. IKM = jumlah NRR tertimbang x 25, dibulatkan dua "
            "desimal; mutu dinilai pada angka yang dicetak.")
    if score.weights != "baku":
        note += (f" Angka ini hanya untuk mencocokkan angka yang sudah terbit; nilai baku "
                 f"memakai bobot 1/{len(method.elements)} tanpa pembulatan.")
    return note


def _num(value: float, decimals: int = 2) -> str:
    return render.fmt_number(value, decimals)


def _nrr_decimals(score: SurveyScore) -> int:
    return get_method(score.method).nrr_decimals


def _ci_text(score: SurveyScore) -> str:
    if not score.ci95:
        return "-"
    return f"{_num(score.ci95[0])} - {_num(score.ci95[1])}"


# ---------------------------------------------------------------- HTML / PDF / DOCX


def build_document(data: ReportData) -> render.Document:
    """The SKM report in the chapters offices publish: pendahuluan, hasil, analisis,
    rencana tindak lanjut, lampiran."""
    score = data.score
    method = get_method(score.method)
    doc = render.Document(
        title="Laporan Survei Kepuasan Masyarakat",
        subtitle=(f"{data.institution} - {data.scope_label} - {data.period.label} "
                  f"({data.period.code}). Metode {method.code} ({method.regulation}). "
                  f"Disusun {format_wib(utcnow())}."))
    if score.respondents == 0:
        doc.add(render.Paragraph("Belum ada respons survei pada cakupan dan periode ini.",
                                 "warning"))
        return doc
    _introduction(doc, data, method)
    _results(doc, data, method)
    _analysis(doc, data)
    _followup_chapter(doc, data)
    _appendix(doc, data, method)
    return doc


def _introduction(doc: render.Document, data: ReportData, method: Method) -> None:
    score = data.score
    doc.add(render.Heading("BAB I. Pendahuluan"))
    doc.add(render.Heading("1.1 Dasar hukum", 3))
    doc.add(render.Paragraph(
        "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik; "
        f"{method.regulation} tentang pedoman penyusunan survei/indeks kepuasan masyarakat."))
    doc.add(render.Heading("1.2 Metode", 3))
    doc.add(render.Paragraph(
        f"Kuesioner {len(method.elements)} unsur pelayanan, jawaban bernilai 1 sampai 4. "
        "NRR per unsur = jumlah nilai unsur / jumlah jawaban. " + _weighting_note(score)))
    doc.add(render.Heading("1.3 Sampel dan waktu", 3))
    rows: list[list[Any]] = [
        ["Periode survei", f"{data.period.label} ({data.period.code})"],
        ["Jumlah responden", score.respondents],
        ["Populasi penerima layanan", score.population if score.population else "belum diisi"],
        ["Sampel minimum (Krejcie-Morgan)", score.min_sample if score.min_sample else "-"],
        ["Selang kepercayaan 95% IKM", _ci_text(score)],
    ]
    doc.add(render.Table(["Keterangan", "Nilai"], rows))
    doc.add(render.Paragraph(score.sample_statement,
                             "warning" if score.sample_warning else "note"))
    doc.add(render.Paragraph(
        "Selang kepercayaan dihitung dari nilai tiap responden (distribusi t"
        + (", dengan koreksi populasi terbatas" if score.population else "")
        + ").", "note"))


def _results(doc: render.Document, data: ReportData, method: Method) -> None:
    score = data.score
    decimals = method.nrr_decimals
    doc.add(render.Heading("BAB II. Hasil survei"))
    doc.add(render.Heading("2.1 Indeks Kepuasan Masyarakat", 3))
    doc.add(render.Table(
        ["Keterangan", "Nilai"],
        [["Indeks Kepuasan Masyarakat (IKM)", _num(score.ikm)],
         ["Mutu pelayanan", f"{score.grade} ({score.label})"],
         ["Selang kepercayaan 95%", _ci_text(score)],
         ["Metode", score.method_label]]))
    doc.add(render.Heading("2.2 Hasil per unsur pelayanan", 3))
    doc.add(render.Table(
        ["No", "Unsur", "Jumlah nilai", "Jumlah jawaban", "NRR", "NRR tertimbang", "Mutu"],
        [[e.code, e.name, e.total, e.answers, _num(e.nrr_printed, decimals),
          _num(e.weighted_printed, 3), f"{e.grade} ({e.label})"] for e in score.elements]))
    doc.add(render.Paragraph(
        f"Mutu tiap unsur dinilai pada NRR yang dicetak ({decimals} desimal) menurut tabel "
        f"nilai interval (NI) {method.regulation} (Lampiran B).", "note"))
    doc.add(render.Image(render.bar_chart(
        [e.name for e in score.elements], [e.nrr_printed for e in score.elements],
        title="NRR per unsur (skala 1-4)", xlabel="NRR", xlim=(1, 4.3),
        colors=[render.PALETTE[3] if e.name in score.priorities else render.PALETTE[1]
                for e in score.elements]),
        caption="Warna merah: unsur prioritas perbaikan (NRR terendah)."))
    for number, by in enumerate(("service", "unit", "period"), start=3):
        rows = data.breakdowns.get(by) or []
        if len(rows) > (0 if by == "unit" else 1) or (by == "service" and rows):
            doc.add(render.Heading(f"2.{number} {BREAKDOWN_TITLES[by]}", 3))
            doc.add(_breakdown_table(rows))
    doc.add(render.Heading("2.6 Profil responden", 3))
    for by in PROFILE_DIMENSIONS:
        rows = data.breakdowns.get(by) or []
        if not rows:
            continue
        labels = [name for name, _ in rows]
        counts = [s.respondents for _, s in rows]
        chart = (render.pie_chart(labels, counts, title=BREAKDOWN_TITLES[by])
                 if by == "gender" else
                 render.bar_chart(labels, counts, title=BREAKDOWN_TITLES[by],
                                  xlabel="Jumlah responden"))
        doc.add(render.Image(chart, width_cm=11))
        doc.add(_breakdown_table(rows))


def _analysis(doc: render.Document, data: ReportData) -> None:
    score = data.score
    doc.add(render.Heading("BAB III. Analisis"))
    weakest = [e for name in score.priorities for e in score.elements if e.name == name]
    doc.add(render.Paragraph(
        "Unsur dengan NRR terendah menjadi prioritas perbaikan: " + "; ".join(
            f"{e.code} {e.name} (NRR {_num(e.nrr_printed, _nrr_decimals(score))}, mutu "
            f"{e.grade})" for e in weakest) + "."))
    if score.ci95:
        doc.add(render.Paragraph(
            f"Dengan {score.respondents} responden, IKM {_num(score.ikm)} memiliki selang "
            f"kepercayaan 95% {_ci_text(score)}: perbedaan IKM antarperiode yang lebih kecil "
            "dari lebar selang ini belum tentu perubahan yang nyata."))
    doc.add(render.Heading("3.1 Tren IKM", 3))
    if len(data.trend) < 2:
        doc.add(render.Paragraph("Belum ada data survei periode sebelumnya untuk "
                                 "dibandingkan.", "note"))
    else:
        rows = []
        previous: float | None = None
        for period, s in data.trend:
            change = "-" if previous is None else _signed(s.ikm - previous)
            rows.append([f"{period.label} ({period.code})", s.respondents, _num(s.ikm),
                         f"{s.grade} ({s.label})", _ci_text(s), change])
            previous = s.ikm
        doc.add(render.Table(["Periode", "Responden", "IKM", "Mutu", "Selang 95%",
                              "Perubahan"], rows))
        doc.add(render.Image(render.line_chart(
            [p.code for p, _ in data.trend], {"IKM": [s.ikm for _, s in data.trend]},
            title="Tren IKM", ylabel="IKM"), width_cm=14))
    if data.saran:
        doc.add(render.Heading("3.2 Saran responden", 3))
        more = (f" (ditampilkan {len(data.saran)} dari {data.saran_total})"
                if data.saran_total > len(data.saran) else "")
        doc.add(render.Table(["No", f"Saran{more}"],
                             [[i, s] for i, s in enumerate(data.saran, start=1)]))


def _signed(value: float) -> str:
    text = _num(abs(value))
    return ("+" if value > 0 else "-" if value < 0 else "") + text


def _followup_chapter(doc: render.Document, data: ReportData) -> None:
    doc.add(render.Heading("BAB IV. Rencana tindak lanjut"))
    if not data.followups:
        doc.add(render.Paragraph(
            "Rencana tindak lanjut belum disusun untuk unit dan periode ini. Unsur prioritas: "
            + ", ".join(data.score.priorities) + ". Tambahkan dengan `pantau survey rtl add` "
            "atau halaman Survei > Tindak lanjut.", "warning"))
        return
    doc.add(render.Table(
        ["No", "Unsur", "Tindakan", "Penanggung jawab", "Batas waktu", "Bukti", "Status"],
        [[i, f"{r.item.element} {r.element_name}", r.item.action, r.item.owner,
          r.item.deadline.isoformat() if r.item.deadline else "-", r.item.evidence or "-",
          STATUS_LABELS.get(r.item.status, r.item.status)]
         for i, r in enumerate(data.followups, start=1)]))


def _appendix(doc: render.Document, data: ReportData, method: Method) -> None:
    score = data.score
    doc.add(render.Heading("BAB V. Lampiran"))
    doc.add(render.Heading("A. Tabel pengolahan data", 3))
    codes = [e.code for e in method.elements]
    rows: list[list[Any]] = [[i, *(r[c.lower()] for c in codes)]
                             for i, r in enumerate(data.processing, start=1)]
    if score.respondents > len(data.processing):
        rows.append([f"... {score.respondents - len(data.processing)} responden lain "
                     "(lengkap di berkas XLSX)", *([""] * len(codes))])
    decimals = method.nrr_decimals
    rows += [
        ["Σ nilai per unsur", *(e.total for e in score.elements)],
        ["NRR per unsur", *(_num(e.nrr_printed, decimals) for e in score.elements)],
        ["NRR tertimbang", *(_num(e.weighted_printed, 3) for e in score.elements)],
    ]
    doc.add(render.Table(["No", *codes], rows))
    weighted_sum = score.weighted_sum if score.weighted_sum is not None else 0.0
    doc.add(render.Table(["Keterangan", "Nilai"], [
        ["Jumlah NRR tertimbang", _num(weighted_sum, 3)],
        ["IKM unit pelayanan (jumlah NRR tertimbang x 25)", _num(score.ikm)],
        ["Mutu pelayanan", f"{score.grade} ({score.label})"]]))
    doc.add(render.Paragraph(
        "Jumlah NRR tertimbang dihitung dari nilai tepat, lalu dibulatkan sekali."
        if score.weights in ("baku", "0,111", "0,11") else
        "NRR tertimbang dibulatkan 3 desimal sebelum dijumlahkan (varian rekonsiliasi).",
        "note"))
    doc.add(render.Table(["Kode", "Unsur"], [[e.code, e.name] for e in method.elements]))
    doc.add(render.Heading(f"B. Tabel mutu pelayanan ({method.regulation})", 3))
    doc.add(render.Table(["Mutu", "Kinerja", "Nilai interval (NI)", "Nilai interval konversi"],
                         [list(r) for r in method.grade_table]))
    doc.add(render.Paragraph(
        "Mutu dinilai pada angka yang dicetak: IKM dibulatkan dua desimal (mis. 88,3056 "
        "dicetak 88,31 = A), NRR per unsur pada desimal yang dicetak.", "note"))


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
    method = get_method(score.method)

    def head(sheet: Any, values: list[Any]) -> None:
        append_row(sheet, values, font=bold, fill=fill)

    summary = workbook.create_sheet("Ringkasan")
    rows: list[list[Any]] = [
        [f"Laporan Survei Kepuasan Masyarakat ({method.regulation})"],
        ["Instansi", data.institution],
        ["Cakupan", data.scope_label],
        ["Periode", f"{data.period.label} ({data.period.code})"],
        ["Jumlah responden", score.respondents],
        ["IKM", score.ikm],
        ["IKM sebelum pembulatan", score.ikm_unrounded],
        ["Selang kepercayaan 95%", _ci_text(score)],
        ["Mutu pelayanan", score.grade],
        ["Kinerja unit pelayanan", score.label],
        ["Metode", _weighting_note(score)],
    ]
    if score.min_sample is not None:
        rows.append(["Sampel minimum (Krejcie-Morgan)", score.min_sample])
    rows.append(["Kecukupan sampel", score.sample_statement])
    if score.sample_warning:
        rows.append(["Peringatan", score.sample_warning])
    rows += [["Prioritas perbaikan", ", ".join(score.priorities)], []]
    for row in rows:
        append_row(summary, row)
    head(summary, ["No", "Unsur", "Jumlah nilai", "Jumlah jawaban", "NRR", "NRR tertimbang",
                   "Mutu", "Kinerja"])
    for e in score.elements:
        append_row(summary, [e.code, e.name, e.total, e.answers, e.nrr_printed,
                             e.weighted_printed, e.grade,
                             e.label])
    append_row(summary, [])
    head(summary, ["Mutu", "Kinerja", "Nilai interval (NI)", "Nilai interval konversi"])
    for r in method.grade_table:
        append_row(summary, list(r))

    _processing_sheet(workbook, session, data, head)

    for by, groups in data.breakdowns.items():
        if not groups:
            continue
        sheet = workbook.create_sheet(BREAKDOWN_TITLES[by][:31])
        head(sheet, ["Kelompok", "Responden", "IKM", "Mutu", "Kinerja",
                     *(f"NRR {e.code}" for e in method.elements)])
        for name, s in groups:
            append_row(sheet, [name, s.respondents, s.ikm if s.respondents else None, s.grade,
                               s.label, *(s.nrr.get(e.name) for e in method.elements)])

    sheet = workbook.create_sheet("Saran")
    head(sheet, ["No", "Saran"])
    for i, text in enumerate(data.saran, start=1):
        append_row(sheet, [i, text])
    return save_workbook(workbook, path)


def _processing_sheet(workbook: Any, session: Session, data: ReportData, head: Any) -> None:
    """The regulation's 'pengolahan data' table: one row per respondent, U1..U9, then the
    totals, NRR, NRR tertimbang, IKM and mutu rows."""
    score = data.score
    elements = get_method(score.method).elements
    sheet = workbook.create_sheet("Pengolahan Data")
    codes = [e.code for e in elements]
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
                      xlsx_cell(sheet, r["service_name"]), *(r[e.column] for e in elements)])
    if not score.elements:
        return
    rows: list[list[Any]] = [
        [],
        ["Σ nilai per unsur", *blank, *(e.total for e in score.elements)],
        ["Jumlah jawaban", *blank, *(e.answers for e in score.elements)],
        ["NRR per unsur", *blank, *(e.nrr_printed for e in score.elements)],
        ["NRR tertimbang", *blank, *(e.weighted_printed for e in score.elements)],
        ["Jumlah NRR tertimbang", *blank, score.weighted_sum],
        ["Mutu per unsur", *blank, *(e.grade for e in score.elements)],
        ["IKM unit pelayanan (Σ NRR tertimbang x 25)", *blank, score.ikm],
        ["Mutu pelayanan", *blank, f"{score.grade} ({score.label})"],
        ["Keterangan", *blank, _weighting_note(score)],
        [],
        *([e.code, *blank, e.name] for e in elements),
    ]
    for row in rows:
        append_row(sheet, row)


# ---------------------------------------------------------------- entry point


def write_survey_report(session: Session, *, survey: SurveyConfig, institution: str,
                        unit: str | None, period: Period, formats: list[str], out_dir: Path,
                        service: str | None = None, weights: str | None = None) -> list[Path]:
    """Write the survey report in the formats asked (xlsx, html, pdf, docx); returns the
    paths. `weights` names a reconciliation variant (printed in every part of the report).
    `institution` is the name printed on the report."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(f"Format laporan tidak dikenal: {', '.join(unknown)}. "
                         f"Pilih dari: {', '.join(FORMATS)}.")
    data = collect(session, survey=survey, institution=institution, unit=unit, period=period,
                   service=service, weights=weights)
    base = Path(out_dir) / _file_stem(data)
    written: list[Path] = []
    if "xlsx" in formats:
        written.append(write_xlsx(session, data, base.with_suffix(".xlsx")))
    others = [f for f in formats if f in ("html", "pdf", "docx")]
    if others:
        written += render.write_document(build_document(data), base, others)
    return written
