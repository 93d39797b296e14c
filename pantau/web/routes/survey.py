"""Survey officers' pages: upload with preview and confirmation, results per unit and
period with charts, report downloads, the printable QR code per unit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlmodel import Session, col, select

from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period, parse_period
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.deps import (
    SURVEY_WRITE,
    ConfigDep,
    Principal,
    SessionDep,
    SurveyReader,
    SurveyWriter,
    WebState,
    WebStateDep,
)
from pantau.web.downloads import REPORT_TYPES, file_download, report_type, temp_folder
from pantau.web.rendering import render
from pantau.web.units import PublicUnitDep, unit_choices, unit_link
from pantau.web.uploads import (
    StoredUpload,
    delete_upload,
    load_upload,
    receive_upload,
    save_upload,
)

router = APIRouter(prefix="/skm", include_in_schema=False)

BREAKDOWN_LABELS = {
    "service": "Jenis layanan", "gender": "Jenis kelamin", "age_band": "Usia",
    "education": "Pendidikan", "occupation": "Pekerjaan",
}
PREVIEW_ROWS = 10


def default_period() -> str:
    return str(to_jakarta(utcnow()).year)


@router.get("")
def survey_home(request: Request, user: SurveyReader, s: SessionDep,
                config: ConfigDep) -> HTMLResponse:
    return render(request, "survey/home.html", {
        "units": unit_choices(s, config.survey), "public_units": config.survey.units,
        "period": default_period(), "can_upload": user.can(SURVEY_WRITE)})


# ---------------------------------------------------------------- upload


@router.get("/unggah")
def upload_form(request: Request, user: SurveyWriter, s: SessionDep,
                config: ConfigDep) -> HTMLResponse:
    return render(request, "survey/upload.html", {
        "units": unit_choices(s, config.survey), "period": to_jakarta(utcnow()).strftime("%Y-%m"),
        "max_mb": config.web.max_upload_mb, "values": {}})


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


def _preview(request: Request, st: WebState, upload: StoredUpload) -> HTMLResponse:
    from survey.service import preview_upload

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
async def upload_receive(request: Request, st: WebStateDep, user: SurveyWriter,
                         unit: Annotated[str, Form()], period: Annotated[str, Form()],
                         file: Annotated[UploadFile, File()]) -> HTMLResponse:
    data, ext = await receive_upload(file, st.web.max_upload_mb)
    parsed = parse_period(period)
    if not unit.strip():
        raise InputError("Pilih unit layanan.")
    upload = save_upload(st.uploads_dir, file_name=file.filename or f"unggahan{ext}",
                         data=data, ext=ext, unit=unit.strip(), period=parsed.code,
                         username=user.username)
    return await run_in_threadpool(_preview, request, st, upload)


def _own_upload(st: WebState, upload_id: str, user: Principal) -> StoredUpload:
    upload = load_upload(st.uploads_dir, upload_id)
    if upload.username != user.username and user.role != "admin":
        raise NotFoundError("Unggahan tidak ditemukan atau sudah kedaluwarsa.")
    return upload


@router.post("/unggah/{upload_id}/simpan")
def upload_confirm(request: Request, upload_id: str, st: WebStateDep, user: SurveyWriter,
                   skip_invalid: Annotated[str, Form()] = "") -> HTMLResponse:
    from survey.importer import import_file

    upload = _own_upload(st, upload_id, user)
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
def upload_cancel(upload_id: str, st: WebStateDep, user: SurveyWriter) -> RedirectResponse:
    delete_upload(st.uploads_dir, _own_upload(st, upload_id, user))
    return RedirectResponse("/skm/unggah", status_code=303)


# ---------------------------------------------------------------- results and reports


def survey_results(s: Session, unit: str | None, period_code: str) -> dict[str, Any]:
    from survey import aggregate
    from survey.scoring import score_totals, score_unit
    from survey.units import resolve_scope

    period = parse_period(period_code)
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


def latest_saran(session: Session, unit_id: int | None, period: Period,
                 limit: int = 50) -> list[tuple[date | None, str]]:
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
def results_page(request: Request, user: SurveyReader, s: SessionDep, config: ConfigDep,
                 unit: str = "", periode: str = "") -> HTMLResponse:
    periode = periode or default_period()
    data = survey_results(s, unit or None, periode)
    return render(request, "survey/results.html", {
        **data, "unit": unit, "periode": periode, "units": unit_choices(s, config.survey),
        "formats": list(REPORT_TYPES)})


@router.get("/laporan")
def report_download(user: SurveyReader, s: SessionDep, unit: str = "", periode: str = "",
                    format: str = "pdf") -> FileResponse:
    from survey.report import write_survey_report

    media_type = report_type(format)
    period = parse_period(periode or default_period())
    tmp = temp_folder("pantau-laporan-")
    paths = write_survey_report(s, unit=unit or None, period=period, formats=[format],
                                out_dir=tmp)
    return file_download(paths[0], media_type, tmp)


@router.get("/qr/{code}")
def qr_page(request: Request, user: SurveyReader, unit: PublicUnitDep) -> HTMLResponse:
    return render(request, "survey/qr.html", {"unit": unit, "link": unit_link(request, unit),
                                              "today": date.today()})
