"""Survey officers' pages: upload with preview and confirmation, results per unit and
period with charts, report downloads, the printable QR code per unit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlmodel import col, select

from pantau.core.db import session_scope
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import parse_period
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.deps import SURVEY_READ, SURVEY_WRITE, Principal, render, require, state
from pantau.web.downloads import REPORT_TYPES, file_download, temp_folder
from pantau.web.routes.public import find_public_unit, survey_units, unit_link
from pantau.web.uploads import check_upload, delete_upload, load_upload, save_upload

router = APIRouter(prefix="/skm", include_in_schema=False)
Reader = Depends(require(SURVEY_READ))
Writer = Depends(require(SURVEY_WRITE))

BREAKDOWN_LABELS = {
    "service": "Jenis layanan", "gender": "Jenis kelamin", "age_band": "Usia",
    "education": "Pendidikan", "occupation": "Pekerjaan",
}
PREVIEW_ROWS = 10


def unit_choices() -> list[tuple[str, str]]:
    """(code, name) of every unit: configured ones and those created by imports."""
    from survey.models import ServiceUnit

    units = {u.code.lower(): (u.code, u.name) for u in survey_units()}
    with session_scope() as s:
        for code, name in s.exec(select(ServiceUnit.code, ServiceUnit.name)
                                 .order_by(col(ServiceUnit.code))).all():
            units.setdefault(code.lower(), (code, name))
    return sorted(units.values())


def default_period() -> str:
    return str(to_jakarta(utcnow()).year)


@router.get("")
def survey_home(request: Request, user: Principal = Reader) -> Any:
    return render(request, "survey/home.html", {
        "units": unit_choices(), "public_units": survey_units(), "period": default_period(),
        "can_upload": user.can(SURVEY_WRITE)})


# ---------------------------------------------------------------- upload


@router.get("/unggah")
def upload_form(request: Request, user: Principal = Writer) -> Any:
    return render(request, "survey/upload.html", {
        "units": unit_choices(), "period": to_jakarta(utcnow()).strftime("%Y-%m"),
        "max_mb": state(request).config.max_upload_mb, "values": {}})


def _preview_rows(path: Path, name: str) -> tuple[list[str], list[list[Any]]]:
    """The header and the first rows of the file as the survey reader sees them."""
    from survey.reader import open_table

    rows: list[list[Any]] = []
    with open_table(path, display_name=name) as table:
        for number, cells in table.rows:
            if len(rows) >= PREVIEW_ROWS:
                break
            rows.append([number, *("" if c is None else c for c in cells)])
        return ["Baris", *(str(h) for h in table.headers)], rows


def _preview(request: Request, upload: Any, user: Principal) -> Any:
    from survey.service import preview_upload

    st = state(request)
    path = upload.path(st.uploads_dir)
    period = parse_period(upload.period)
    result = preview_upload(path, unit=upload.unit, period=period, display_name=upload.file_name)
    try:
        headers, rows = _preview_rows(path, upload.file_name)
    except InputError:
        headers, rows = [], []
    return render(request, "survey/preview.html", {
        "upload": upload, "result": result, "headers": headers, "rows": rows,
        "problems": [str(p) for p in result.problems[:200]],
        "valid": max(result.rows_read - result.rejected, 0)},
        status_code=200 if result.ok else 422)


@router.post("/unggah")
async def upload_receive(request: Request, user: Principal = Writer,
                         unit: str = Form(...), period: str = Form(...),
                         file: UploadFile = File(...)) -> Any:
    from fastapi.concurrency import run_in_threadpool

    st = state(request)
    max_bytes = int(st.config.max_upload_mb * 1048576)
    data = await file.read(max_bytes + 1)
    ext = check_upload(file.filename or "", data, max_bytes)
    parsed = parse_period(period)
    if not unit.strip():
        raise InputError("Pilih unit layanan.")
    upload = save_upload(st.uploads_dir, file_name=file.filename or f"unggahan{ext}",
                         data=data, ext=ext, unit=unit.strip(), period=parsed.code,
                         username=user.username)
    return await run_in_threadpool(_preview, request, upload, user)


def _own_upload(request: Request, upload_id: str, user: Principal) -> Any:
    upload = load_upload(state(request).uploads_dir, upload_id)
    if upload.username != user.username and user.role != "admin":
        raise NotFoundError("Unggahan tidak ditemukan atau sudah kedaluwarsa.")
    return upload


@router.post("/unggah/{upload_id}/simpan")
def upload_confirm(request: Request, upload_id: str, user: Principal = Writer,
                   skip_invalid: str = Form("")) -> Any:
    from survey.importer import import_file

    st = state(request)
    upload = _own_upload(request, upload_id, user)
    rejected = st.uploads_dir / f"{upload.id}-ditolak.csv"
    result = import_file(upload.path(st.uploads_dir), unit=upload.unit,
                         period=parse_period(upload.period), display_name=upload.file_name,
                         skip_invalid=skip_invalid == "1", rejected_path=rejected)
    delete_upload(st.uploads_dir, upload)
    rejected.unlink(missing_ok=True)
    # The rejected rows were listed in the preview; the server-side file is not for users.
    summary = result.summary().replace(f" dan ditulis ke {rejected}", "")
    return render(request, "survey/imported.html", {"result": result, "upload": upload,
                                                    "summary": summary})


@router.post("/unggah/{upload_id}/batal")
def upload_cancel(request: Request, upload_id: str, user: Principal = Writer) -> Any:
    st = state(request)
    delete_upload(st.uploads_dir, _own_upload(request, upload_id, user))
    return RedirectResponse("/skm/unggah", status_code=303)


# ---------------------------------------------------------------- results and reports


def survey_results(unit: str | None, period_code: str) -> dict[str, Any]:
    from survey import aggregate
    from survey.scoring import score_totals, score_unit
    from survey.units import resolve_scope

    period = parse_period(period_code)
    with session_scope() as s:
        score = score_unit(s, unit=unit, period=period)
        scope = resolve_scope(s, unit=unit, service=None)
        groups = {}
        for by, label in BREAKDOWN_LABELS.items():
            rows = aggregate.breakdown(s, by=by, period=period, unit_id=scope.unit_id)
            groups[label] = [(name, t.respondents,
                              score_totals(t, period=period.code).ikm) for name, t in rows]
        saran = latest_saran(s, scope.unit_id, period)
        by_unit = []
        if unit is None:
            for name, t in aggregate.breakdown(s, by="unit", period=period):
                by_unit.append((name, t.respondents, score_totals(t, period=period.code).ikm))
    return {"score": score, "period": period, "groups": groups, "by_unit": by_unit,
            "saran": saran,
            "by_unit_chart": [(name, ikm) for name, _, ikm in by_unit]}


def latest_saran(session: Any, unit_id: int | None, period: Any,
                 limit: int = 50) -> list[tuple[Any, str]]:
    """The latest respondents' suggestions (free text, shown escaped)."""
    from survey.models import Response
    from survey.units import period_ids_within

    ids = period_ids_within(session, period)
    if not ids:
        return []
    query = (select(col(Response.survey_date), col(Response.saran))
             .where(col(Response.period_id).in_(ids))
             .where(col(Response.saran).is_not(None)).where(Response.saran != ""))
    if unit_id is not None:
        query = query.where(Response.unit_id == unit_id)
    rows = session.exec(query.order_by(col(Response.id).desc()).limit(limit)).all()
    return [(d, str(t)) for d, t in rows]


@router.get("/hasil")
def results_page(request: Request, user: Principal = Reader, unit: str = "",
                 periode: str = "") -> Any:
    periode = periode or default_period()
    data = survey_results(unit or None, periode)
    return render(request, "survey/results.html", {
        **data, "unit": unit, "periode": periode, "units": unit_choices(),
        "formats": list(REPORT_TYPES)})


@router.get("/laporan")
def report_download(request: Request, user: Principal = Reader, unit: str = "",
                    periode: str = "", format: str = "pdf") -> Any:
    from survey.report import write_survey_report

    if format not in REPORT_TYPES:
        raise InputError(f"Format '{format}' tidak didukung: pilih pdf, html atau xlsx.")
    period = parse_period(periode or default_period())
    tmp = temp_folder("pantau-laporan-")
    with session_scope() as s:
        paths = write_survey_report(s, unit=unit or None, period=period, formats=[format],
                                    out_dir=tmp)
    return file_download(paths[0], REPORT_TYPES[format], tmp)


@router.get("/qr/{code}")
def qr_page(request: Request, code: str, user: Principal = Reader) -> Any:
    unit = find_public_unit(code)
    return render(request, "survey/qr.html", {"unit": unit, "link": unit_link(request, unit),
                                              "today": date.today()})
