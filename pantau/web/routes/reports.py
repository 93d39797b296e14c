"""The media report page: choose a report (daily, weekly, monthly and its date), write its
conclusion and recommendations (Kesimpulan, Saran; a draft from the numbers until an
analyst writes them), download it in every format. The rules and the audit are
`indicators.api.save_analysis`'s; this module parses the form and renders."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote_plus, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from indicators.api import (
    MEDIA_REPORT_FORMATS,
    analysis_history,
    get_analysis,
    media_analysis_draft,
    media_report_period,
    save_analysis,
)
from pantau.core.errors import InputError
from pantau.web.deps import (
    MEDIA_WRITE,
    ConfigDep,
    MediaReader,
    MediaWriter,
    SessionDep,
    whole_deployment,
)
from pantau.web.forms import parse_day
from pantau.web.media_queries import default_day
from pantau.web.rendering import render

router = APIRouter(include_in_schema=False)

KINDS = {"daily": "Harian", "weekly": "Mingguan (7 hari s.d. tanggal)",
         "monthly": "Bulanan (bulan kalender tanggal)"}


def _kind(jenis: str) -> str:
    if jenis not in KINDS:
        raise InputError(f"Jenis laporan '{jenis}' tidak dikenal: daily, weekly atau monthly.")
    return jenis


@router.get("/laporan")
def report_page(request: Request, user: MediaReader, s: SessionDep, config: ConfigDep,
                jenis: str = "daily", tanggal: str = "") -> HTMLResponse:
    whole_deployment(user)
    kind = _kind(jenis)
    day = parse_day(tanggal, "Tanggal") or default_day(s)  # the latest day with news
    stored = get_analysis(s, kind=kind, day=day)
    draft = media_analysis_draft(s, kind=kind, day=day, indicators=config.indicators,
                                 institution=config.institution.name)
    query = urlencode({"jenis": kind, "tanggal": day.isoformat()})
    return render(request, "media/report.html", {
        "kinds": KINDS, "kind": kind, "day": day, "period": media_report_period(kind, day),
        "stored": stored, "draft": draft, "formats": MEDIA_REPORT_FORMATS, "query": query,
        "history": analysis_history(s, kind=kind, day=day)[:20],
        "can_write": user.can(MEDIA_WRITE), "message": request.query_params.get("pesan")})


@router.post("/laporan/analisis")
def analysis_save(user: MediaWriter, s: SessionDep, jenis: Annotated[str, Form()],
                  tanggal: Annotated[str, Form()],
                  kesimpulan: Annotated[str, Form()] = "",
                  saran: Annotated[str, Form()] = "") -> RedirectResponse:
    whole_deployment(user)
    kind = _kind(jenis)
    day = parse_day(tanggal, "Tanggal")
    if day is None:
        raise InputError("Tanggal laporan wajib diisi.")
    save_analysis(s, kind=kind, day=day, conclusion=kesimpulan, recommendations=saran,
                  by=user.username)
    query = urlencode({"jenis": kind, "tanggal": day.isoformat()})
    message = quote_plus("Kesimpulan dan saran disimpan; laporan mencetaknya.")
    return RedirectResponse(f"/laporan?{query}&pesan={message}", status_code=303)
