"""The public questionnaire (no login): one form per configured service unit, its
thank-you page and its QR code.

Spam and repeat protection that never blocks a real respondent:
- a one-time signed form token: a double click or a resent form stores one response and
  still shows the thank-you page;
- a honeypot field hidden from people: a bot that fills it is thanked, nothing is stored;
- a generous per-IP rate limit (a service desk tablet sends many forms from one address):
  when it is hit, the form comes back with the answers kept and a request to wait a minute.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import segno
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pantau.core.db import get_engine, insert_missing, session_scope
from pantau.core.errors import InputError
from pantau.core.settings import get_settings
from pantau.core.timeutil import utcnow
from pantau.web.deps import WebStateDep, client_ip, web_state
from pantau.web.models import UsedFormToken
from pantau.web.rendering import render
from pantau.web.security import check_form_token, issue_form_token
from pantau.web.units import PublicUnitDep, unit_link
from pantau.web.writelock import sqlite_writer
from survey.api import (
    EDUCATION,
    GENDERS,
    MAX_SARAN,
    METHODS,
    OCCUPATIONS,
    public_units,
    submit_response,
    unit_method,
)
from survey.config import SurveyConfig, UnitConfig

router = APIRouter(include_in_schema=False)

HONEYPOT = "website"


def questionnaire(survey: SurveyConfig, unit: UnitConfig) -> dict[str, Any]:
    """The questions of the unit's questionnaire: the nine elements of PermenPANRB 14/2017,
    or the fourteen of Kepmenpan 25/2004 for a unit configured with that method."""
    method = METHODS[unit_method(survey, unit)]
    return {"elements": method.elements, "method": method, "genders": GENDERS,
            "education": EDUCATION, "occupations": OCCUPATIONS}


def _form_page(request: Request, unit: UnitConfig, *, values: dict[str, str] | None = None,
               error: str | None = None, problems: list[str] | None = None,
               status_code: int = 200) -> HTMLResponse:
    st = web_state(request)
    token = issue_form_token(st.secret, unit.code.lower())
    return render(request, "public/form.html", {
        "unit": unit, "q": questionnaire(st.config.survey, unit), "token": token,
        "values": values or {},
        "error": error, "problems": problems or [], "max_saran": MAX_SARAN},
        status_code=status_code)


@router.get("/survei")
def survey_units(request: Request) -> HTMLResponse:
    """The units open for the questionnaire, to choose the service just used."""
    units = public_units(web_state(request).config.survey)
    return render(request, "public/units.html", {"units": units})


@router.get("/survei/{code}")
def survey_form(request: Request, unit: PublicUnitDep) -> HTMLResponse:
    return _form_page(request, unit)


def _writer_lock() -> contextlib.AbstractContextManager[None]:
    if get_engine().dialect.name != "sqlite":
        return contextlib.nullcontext()
    return sqlite_writer(get_settings().home)


def _store(survey: SurveyConfig, unit: UnitConfig, nonce: str, values: dict[str, str]) -> bool:
    """Store one form; False when its token was used before (a double click or a resent
    form: the first one is stored, this one is not). Any other failure is raised: a thanked
    answer is a stored answer."""
    elements = METHODS[unit_method(survey, unit)].elements
    answers: dict[str, int | str] = {e.code: values.get(e.code.lower(), "") for e in elements}
    with _writer_lock(), session_scope() as s:
        if not insert_missing(s, UsedFormToken, {"nonce": nonce, "used_at": utcnow()},
                              ["nonce"]):
            return False
        submit_response(
            s, survey=survey, unit=unit.code, period=None, answers=answers,
            jenis_kelamin=values.get("jenis_kelamin") or None,
            usia=values.get("usia") or None,
            pendidikan=values.get("pendidikan") or None,
            pekerjaan=values.get("pekerjaan") or None,
            jenis_layanan=values.get("jenis_layanan") or None,
            saran=values.get("saran") or None,
        )
    return True


@router.post("/survei/{code}")
async def survey_submit(request: Request, unit: PublicUnitDep, st: WebStateDep) -> Response:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    thanks = RedirectResponse(f"/survei/{unit.code}/terima-kasih", status_code=303)
    if values.get(HONEYPOT):
        return thanks  # a bot: thanked, nothing stored
    nonce, reason = check_form_token(st.secret, unit.code.lower(), values.get("token", ""),
                                     st.web.form_token_hours * 3600)
    if nonce is None:
        message = ("Formulir sudah terlalu lama terbuka. Jawaban Anda masih ada di bawah; "
                   "silakan kirim ulang." if reason == "expired" else
                   "Formulir tidak valid. Jawaban Anda masih ada di bawah; silakan kirim ulang.")
        return _form_page(request, unit, values=values, error=message, status_code=400)
    if not st.submit_limiter.allow(client_ip(request)):
        return _form_page(request, unit, values=values, status_code=429, error=(
            "Terlalu banyak pengisian dari jaringan ini dalam satu menit. Jawaban Anda masih "
            "ada di bawah; tunggu sebentar lalu tekan Kirim lagi."))
    try:
        await run_in_threadpool(_store, st.config.survey, unit, nonce, values)
    except InputError as exc:
        return _form_page(request, unit, values=values, status_code=400,
                          error="Mohon lengkapi isian berikut lalu kirim lagi.",
                          problems=exc.problems or [str(exc)])
    return thanks


@router.get("/survei/{code}/terima-kasih")
def survey_thanks(request: Request, unit: PublicUnitDep) -> HTMLResponse:
    # "Another service" leads to the list of units; with one unit there is no other.
    others = len(public_units(web_state(request).config.survey)) > 1
    return render(request, "public/thanks.html", {"unit": unit, "others": others})


def qr_code(request: Request, unit: UnitConfig) -> segno.QRCode:
    return segno.make(unit_link(request, unit), error="m")


@router.get("/survei/{code}/qr.svg")
def survey_qr_svg(request: Request, unit: PublicUnitDep) -> Response:
    buf = io.BytesIO()
    qr_code(request, unit).save(buf, kind="svg", scale=8, border=2, xmldecl=False)
    return Response(buf.getvalue(), media_type="image/svg+xml")


@router.get("/survei/{code}/qr.png")
def survey_qr_png(request: Request, unit: PublicUnitDep) -> Response:
    buf = io.BytesIO()
    qr_code(request, unit).save(buf, kind="png", scale=10, border=2)
    return Response(buf.getvalue(), media_type="image/png", headers={
        "Content-Disposition": f'inline; filename="qr-survei-{unit.code}.png"'})
