"""Survey officers' pages: upload with preview and confirmation, results per unit and
period with charts, report downloads, the printable QR code per unit."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from pantau.config import get_config
from pantau.core.db import session_scope
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import parse_period
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.deps import (
    SURVEY_READ,
    SURVEY_WRITE,
    Principal,
    public_link,
    render,
    require,
    state,
)
from pantau.web.downloads import REPORT_TYPES, file_download, temp_folder
from pantau.web.uploads import check_upload, delete_upload, load_upload, save_upload
from survey import api as survey_api

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
    with session_scope() as s:
        return survey_api.unit_choices(s, survey=get_config().survey)


def default_period() -> str:
    return str(to_jakarta(utcnow()).year)


@router.get("")
def survey_home(request: Request, user: Principal = Reader) -> Any:
    return render(request, "survey/home.html", {
        "units": unit_choices(), "public_units": survey_api.public_units(get_config().survey),
        "period": default_period(),
        "can_upload": user.can(SURVEY_WRITE)})


# ---------------------------------------------------------------- upload


@router.get("/unggah")
def upload_form(request: Request, user: Principal = Writer) -> Any:
    return render(request, "survey/upload.html", {
        "units": unit_choices(), "period": to_jakarta(utcnow()).strftime("%Y-%m"),
        "max_mb": state(request).config.max_upload_mb, "values": {}})


def _preview(request: Request, upload: Any, user: Principal) -> Any:
    st = state(request)
    path = upload.path(st.uploads_dir)
    period = parse_period(upload.period)
    result = survey_api.preview_upload(path, survey=get_config().survey, unit=upload.unit,
                                       period=period, display_name=upload.file_name)
    try:
        headers, rows = survey_api.preview_rows(path, display_name=upload.file_name,
                                                limit=PREVIEW_ROWS)
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
    st = state(request)
    max_bytes = int(st.config.max_upload_mb * 1048576)
    data = await file.read(max_bytes + 1)
    ext = check_upload(file.filename or "", data, max_bytes)
    parsed = parse_period(period)
    upload = save_upload(st.uploads_dir, file_name=file.filename or f"unggahan{ext}",
                         data=data, ext=ext, unit=survey_api.check_unit_name(unit),
                         period=parsed.code, username=user.username)
    return await run_in_threadpool(_preview, request, upload, user)


def _own_upload(request: Request, upload_id: str, user: Principal) -> Any:
    upload = load_upload(state(request).uploads_dir, upload_id)
    if upload.username != user.username and user.role != "admin":
        raise NotFoundError("Unggahan tidak ditemukan atau sudah kedaluwarsa.")
    return upload


@router.post("/unggah/{upload_id}/simpan")
def upload_confirm(request: Request, upload_id: str, user: Principal = Writer,
                   skip_invalid: str = Form("")) -> Any:
    st = state(request)
    upload = _own_upload(request, upload_id, user)
    rejected = st.uploads_dir / f"{upload.id}-ditolak.csv"
    result = survey_api.import_file(
        upload.path(st.uploads_dir), survey=get_config().survey, unit=upload.unit,
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
    period = parse_period(period_code)
    breakdowns = [*BREAKDOWN_LABELS, *(["unit"] if unit is None else [])]
    with session_scope() as s:
        results = survey_api.survey_results(s, survey=get_config().survey, unit=unit,
                                            period=period, breakdowns=breakdowns)
    groups = {label: [(name, g.respondents, g.ikm) for name, g in results.breakdowns[by]]
              for by, label in BREAKDOWN_LABELS.items()}
    by_unit = [(name, g.respondents, g.ikm) for name, g in results.breakdowns.get("unit", [])]
    return {"score": results.score, "period": period, "groups": groups, "by_unit": by_unit,
            "saran": results.saran,
            "by_unit_chart": [(name, ikm) for name, _, ikm in by_unit]}


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
    if format not in REPORT_TYPES:
        raise InputError(f"Format '{format}' tidak didukung: pilih pdf, html atau xlsx.")
    period = parse_period(periode or default_period())
    tmp = temp_folder("pantau-laporan-")
    with session_scope() as s:
        paths = survey_api.write_survey_report(
            s, survey=get_config().survey, institution=state(request).institution,
            unit=unit or None, period=period, formats=[format], out_dir=tmp)
    return file_download(paths[0], REPORT_TYPES[format], tmp)


@router.get("/qr/{code}")
def qr_page(request: Request, code: str, user: Principal = Reader) -> Any:
    unit = survey_api.find_public_unit(get_config().survey, code)
    return render(request, "survey/qr.html", {
        "unit": unit, "link": public_link(request, f"/survei/{unit.code}"),
        "today": date.today()})
