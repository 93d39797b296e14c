"""Survey officers' pages: upload with preview and confirmation, results per unit and
period with charts, report downloads, the printable QR code per unit, the rencana tindak
lanjut per unit and period."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlmodel import Session

from pantau.config import PantauConfig
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import parse_period
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
    web_state,
)
from pantau.web.downloads import REPORT_TYPES, file_download, report_type, temp_folder
from pantau.web.rendering import render
from pantau.web.units import PublicUnitDep, survey_unit_in_scope, unit_link
from pantau.web.uploads import (
    StoredUpload,
    delete_upload,
    load_upload,
    receive_upload,
    save_upload,
)
from survey import api as survey_api
from survey.config import SurveyConfig

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
        "units": user.access.survey_choices(survey_api.unit_choices(s, survey=config.survey)),
        "public_units": [u for u in survey_api.public_units(config.survey)
                         if user.access.survey_unit_allowed(u.code)],
        "period": default_period(), "can_upload": user.can(SURVEY_WRITE)})


# ---------------------------------------------------------------- upload


def _upload_page(request: Request, s: Session, user: Principal, config: PantauConfig, *,
                 values: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                 status_code: int = 200) -> HTMLResponse:
    """The upload form; after a mistake, again with what was entered and each error next to
    its field."""
    now = to_jakarta(utcnow())
    return render(request, "survey/upload.html", {
        "units": user.access.survey_choices(survey_api.unit_choices(s, survey=config.survey)),
        "period": now.strftime("%Y-%m"), "year": now.year,
        "max_mb": config.web.max_upload_mb, "values": values or {}, "errors": errors or {}},
        status_code=status_code)


@router.get("/unggah")
def upload_form(request: Request, user: SurveyWriter, s: SessionDep,
                config: ConfigDep) -> HTMLResponse:
    return _upload_page(request, s, user, config)


NEW_UNIT_HINT = ("Periksa ejaan kodenya. Bila ini memang unit layanan baru, centang "
                 "\"Buat unit layanan baru\" lalu periksa lagi.")


def _preview(request: Request, st: WebState, upload: StoredUpload) -> HTMLResponse:
    path = upload.path(st.uploads_dir)
    period = parse_period(upload.period)
    rejected = upload.rejected_path(st.uploads_dir)
    rejected.unlink(missing_ok=True)
    result = survey_api.preview_upload(path, survey=st.config.survey, unit=upload.unit,
                                       period=period, display_name=upload.file_name,
                                       rejected_path=rejected, new_unit=upload.new_unit)
    if result.header_problems:
        # Nothing below the headers could be read: no rows to show, nothing to save.
        return render(request, "survey/preview.html", {
            "upload": upload, "result": result, "headers": [], "rows": [], "reasons": {},
            "problems": [str(p) for p in result.problems[:200]],
            "unknown_headers": [p for p in result.problems if p.column],
            "missing_columns": [p.reason for p in result.problems if not p.column],
            "has_rejected_file": False, "valid": 0, "to_store": 0}, status_code=422)
    # Each invalid row with its reasons, highlighted in the preview table.
    reasons: dict[int, list[str]] = {}
    for problem in result.problems:
        if problem.row is not None:
            where = f"kolom {problem.column}: " if problem.column else ""
            reasons.setdefault(problem.row, []).append(where + problem.reason)
    try:
        headers, rows = survey_api.preview_rows(path, display_name=upload.file_name,
                                                limit=PREVIEW_ROWS, also=set(reasons))
    except InputError:
        headers, rows = [], []
    return render(request, "survey/preview.html", {
        "upload": upload, "result": result, "headers": headers, "rows": rows,
        "reasons": {row: "; ".join(texts) for row, texts in reasons.items()},
        "duplicate_rows": set(result.duplicate_rows),
        "problems": [str(p) for p in result.problems[:200]],
        "has_rejected_file": rejected.is_file(),
        "valid": max(result.rows_read - result.rejected, 0), "to_store": result.to_store},
        status_code=200 if result.ok else 422)


@router.post("/unggah")
async def upload_receive(request: Request, st: WebStateDep, user: SurveyWriter,
                         s: SessionDep, unit: Annotated[str, Form()],
                         period: Annotated[str, Form()],
                         file: Annotated[UploadFile, File()],
                         new_unit: Annotated[str, Form()] = "") -> HTMLResponse:
    """Check the form, then the file (preview). A mistake in a field (an unknown unit, a
    period that cannot be read, an empty or unreadable file) brings the form back with
    what was entered and the error next to the field."""
    create = new_unit == "1"
    values: dict[str, Any] = {"unit": unit, "period": period, "new_unit": create}
    errors: dict[str, str] = {}
    try:
        unit_name = survey_api.check_unit_name(unit)
        user.access.check_survey_unit(s, unit_name)
        survey_api.check_import_unit(s, unit_name, survey=st.config.survey, new_unit=create)
    except survey_api.UnknownUnitError as exc:
        errors["unit"] = f"{exc} {NEW_UNIT_HINT}"
    except InputError as exc:
        errors["unit"] = str(exc)
    try:
        parsed = parse_period(period)
    except InputError as exc:
        errors["period"] = str(exc)
    try:
        data, ext = await receive_upload(file, st.web.max_upload_mb)
    except InputError as exc:
        errors["file"] = str(exc)
    if errors:
        return _upload_page(request, s, user, st.config, values=values, errors=errors,
                            status_code=400)
    upload = save_upload(st.uploads_dir, file_name=file.filename or f"unggahan{ext}",
                         data=data, ext=ext, unit=unit_name, period=parsed.code,
                         username=user.username, new_unit=create)
    try:
        return await run_in_threadpool(_preview, request, st, upload)
    except InputError as exc:  # the file cannot be read at all (empty, no data rows, ...)
        delete_upload(st.uploads_dir, upload)
        return _upload_page(request, s, user, st.config, values=values,
                            errors={"file": str(exc)}, status_code=400)


def _own_upload(st: WebState, upload_id: str, user: Principal) -> StoredUpload:
    upload = load_upload(st.uploads_dir, upload_id)
    if upload.username != user.username and not user.deployment_admin:
        raise NotFoundError("Unggahan tidak ditemukan atau sudah kedaluwarsa.")
    return upload


@router.post("/unggah/{upload_id}/simpan")
def upload_confirm(request: Request, upload_id: str, st: WebStateDep, user: SurveyWriter,
                   skip_invalid: Annotated[str, Form()] = "",
                   keep_duplicates: Annotated[str, Form()] = "") -> HTMLResponse:
    upload = _own_upload(st, upload_id, user)
    rejected = st.uploads_dir / f"{upload.id}-ditolak.csv"
    result = survey_api.import_file(
        upload.path(st.uploads_dir), survey=st.config.survey, unit=upload.unit,
        period=parse_period(upload.period), display_name=upload.file_name,
        skip_invalid=skip_invalid == "1", rejected_path=rejected, actor=user.username,
        new_unit=upload.new_unit, keep_duplicates=keep_duplicates == "1")
    delete_upload(st.uploads_dir, upload)
    rejected.unlink(missing_ok=True)
    # The rejected rows were listed in the preview; the server-side file is not for users.
    summary = result.summary().replace(f" dan ditulis ke {rejected}", "")
    return render(request, "survey/imported.html", {"result": result, "upload": upload,
                                                    "summary": summary})


@router.get("/unggah/{upload_id}/ditolak.csv")
def upload_rejected(upload_id: str, st: WebStateDep, user: SurveyWriter) -> FileResponse:
    """The upload's invalid rows with their reasons, to fix in a spreadsheet."""
    upload = _own_upload(st, upload_id, user)
    path = upload.rejected_path(st.uploads_dir)
    if not path.is_file():
        raise NotFoundError("Unggahan ini tidak punya baris yang ditolak.")
    return FileResponse(path, media_type="text/csv; charset=utf-8",
                        filename=upload.rejected_name)


@router.post("/unggah/{upload_id}/batal")
def upload_cancel(upload_id: str, st: WebStateDep, user: SurveyWriter) -> RedirectResponse:
    delete_upload(st.uploads_dir, _own_upload(st, upload_id, user))
    return RedirectResponse("/skm/unggah", status_code=303)


# ---------------------------------------------------------------- import history


@router.get("/impor")
def batches_page(request: Request, user: SurveyWriter, s: SessionDep,
                 pesan: str = "") -> HTMLResponse:
    """Every import (as `pantau survey batches`), each with a button to undo it."""
    return render(request, "survey/batches.html", {
        "batches": [row for row in survey_api.list_batches(s)
                    if user.access.survey_unit_allowed(row[1])], "message": pesan})


@router.post("/impor/{batch_id}/hapus")
def batch_remove(batch_id: int, user: SurveyWriter, s: SessionDep) -> RedirectResponse:
    """Undo one import (as `pantau survey remove-batch`): its responses are deleted."""
    user.access.check_batch(s, batch_id)
    removed = survey_api.remove_batch(s, batch_id, actor=user.username)
    message = f"Impor nomor {batch_id} dibatalkan: {removed} respons dihapus."
    return RedirectResponse(f"/skm/impor?pesan={quote(message)}", status_code=303)


# ---------------------------------------------------------------- results and reports


def survey_results(s: Session, survey: SurveyConfig, unit: str | None,
                   period_code: str) -> dict[str, Any]:
    period = parse_period(period_code)
    breakdowns = [*BREAKDOWN_LABELS, *(["unit"] if unit is None else [])]
    results = survey_api.survey_results(s, survey=survey, unit=unit, period=period,
                                        breakdowns=breakdowns)
    groups = {label: [(name, g.respondents, g.ikm) for name, g in results.breakdowns[by]]
              for by, label in BREAKDOWN_LABELS.items()}
    by_unit = [(name, g.respondents, g.ikm) for name, g in results.breakdowns.get("unit", [])]
    return {"score": results.score, "period": period, "groups": groups, "by_unit": by_unit,
            "saran": results.saran,
            "by_unit_chart": [(name, ikm) for name, _, ikm in by_unit]}


@router.get("/hasil")
def results_page(request: Request, user: SurveyReader, s: SessionDep, config: ConfigDep,
                 unit: str = "", periode: str = "") -> HTMLResponse:
    periode = periode or default_period()
    unit = survey_unit_in_scope(s, user, config, unit) or ""
    data = survey_results(s, config.survey, unit or None, periode)
    return render(request, "survey/results.html", {
        **data, "unit": unit, "periode": periode,
        "units": user.access.survey_choices(survey_api.unit_choices(s, survey=config.survey)),
        "formats": list(REPORT_TYPES)})


@router.get("/laporan")
def report_download(user: SurveyReader, s: SessionDep, config: ConfigDep, unit: str = "",
                    periode: str = "", format: str = "pdf") -> FileResponse:
    media_type = report_type(format)
    period = parse_period(periode or default_period())
    unit = survey_unit_in_scope(s, user, config, unit) or ""
    tmp = temp_folder("pantau-laporan-")
    paths = survey_api.write_survey_report(
        s, survey=config.survey, institution=config.institution.name,
        unit=unit or None, period=period, formats=[format], out_dir=tmp)
    return file_download(paths[0], media_type, tmp)


TEMPLATE_TYPES = {"xlsx": REPORT_TYPES["xlsx"], "csv": "text/csv; charset=utf-8"}


@router.get("/templat")
def template_download(user: SurveyReader, config: ConfigDep, s: SessionDep, metode: str = "",
                      unit: str = "", format: str = "xlsx") -> FileResponse:
    """A blank questionnaire file to fill: the unit's method (or `metode`: 14/2017, nine
    elements; 25/2004, fourteen), with the unit's services in its guide."""
    if format not in TEMPLATE_TYPES:
        raise InputError(f"Format '{format}' tidak didukung: pilih xlsx atau csv.")
    user.access.check_survey_unit(s, unit)
    conf = survey_api.unit_config(config.survey, unit) if unit else None
    if unit and conf is None:
        raise NotFoundError(f"Unit layanan '{unit}' tidak ada dalam daftar unit layanan "
                            "yang membuka survei.")
    method = metode or survey_api.unit_method(config.survey, conf)
    tmp = temp_folder("pantau-templat-")
    name = survey_api.template_name(method, format)  # refuses an unknown method
    path = survey_api.write_template(tmp / name, services=conf.services if conf else None,
                                     method=method)
    return file_download(path, TEMPLATE_TYPES[format], tmp)


@router.get("/qr/{code}")
def qr_page(request: Request, user: SurveyReader, unit: PublicUnitDep,
            s: SessionDep) -> HTMLResponse:
    user.access.check_survey_unit(s, unit.code)
    # Without the public address the code holds the address this page was opened at (often
    # 127.0.0.1): visitors' phones cannot open it, so the sheet is not offered for printing.
    public = bool(web_state(request).web.public_url.strip())
    return render(request, "survey/qr.html", {"unit": unit, "link": unit_link(request, unit),
                                              "public": public, "today": date.today()})


# ---------------------------------------------------------------- rencana tindak lanjut


def _deadline(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"Batas waktu '{text}' tidak dapat dibaca; tulis YYYY-MM-DD.") from None


@router.get("/tindak-lanjut")
def followups_page(request: Request, user: SurveyReader, s: SessionDep, config: ConfigDep,
                   unit: str = "", periode: str = "") -> HTMLResponse:
    periode = periode or default_period()
    period = parse_period(periode)
    unit = survey_unit_in_scope(s, user, config, unit) or ""
    rows = survey_api.list_followups(s, survey=config.survey, unit=unit or None, period=period)
    score = (survey_api.score_unit(s, survey=config.survey, unit=unit, period=period)
             if unit else None)
    elements = [(e.code, e.name) for e in score.elements] if score else []
    return render(request, "survey/followups.html", {
        "rows": rows, "unit": unit, "periode": periode, "period": period, "score": score,
        "elements": elements,
        "units": user.access.survey_choices(survey_api.unit_choices(s, survey=config.survey)),
        "statuses": survey_api.STATUS_LABELS, "can_edit": user.can(SURVEY_WRITE)})


def _back(unit: str, periode: str) -> RedirectResponse:
    return RedirectResponse(f"/skm/tindak-lanjut?unit={quote(unit)}&periode={quote(periode)}",
                            status_code=303)


@router.post("/tindak-lanjut")
def followup_add(user: SurveyWriter, s: SessionDep, config: ConfigDep,
                 unit: Annotated[str, Form()], periode: Annotated[str, Form()],
                 element: Annotated[str, Form()], action: Annotated[str, Form()],
                 owner: Annotated[str, Form()], deadline: Annotated[str, Form()] = "",
                 evidence: Annotated[str, Form()] = "",
                 status: Annotated[str, Form()] = "draft") -> RedirectResponse:
    user.access.check_survey_unit(s, unit)
    survey_api.add_followup(s, survey=config.survey, unit=unit, period=parse_period(periode),
                            element=element, action=action, owner=owner,
                            deadline=_deadline(deadline), evidence=evidence or None,
                            status=status, by=user.username)
    return _back(unit, periode)


@router.post("/tindak-lanjut/{followup_id}")
def followup_update(followup_id: int, user: SurveyWriter, s: SessionDep,
                    unit: Annotated[str, Form()], periode: Annotated[str, Form()],
                    status: Annotated[str, Form()], evidence: Annotated[str, Form()] = "",
                    deadline: Annotated[str, Form()] = "") -> RedirectResponse:
    user.access.check_survey_followup(s, followup_id)
    survey_api.update_followup(s, followup_id, by=user.username, status=status,
                               evidence=evidence, deadline=_deadline(deadline))
    return _back(unit, periode)


@router.post("/tindak-lanjut/{followup_id}/hapus")
def followup_remove(followup_id: int, user: SurveyWriter, s: SessionDep,
                    unit: Annotated[str, Form()],
                    periode: Annotated[str, Form()]) -> RedirectResponse:
    user.access.check_survey_followup(s, followup_id)
    survey_api.remove_followup(s, followup_id, by=user.username)
    return _back(unit, periode)
