"""Analysts' pages: the dashboard, mentions with filters, a mention's page, tone corrections."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from pantau.core.db import session_scope
from pantau.core.errors import InputError, NotFoundError
from pantau.web.deps import MEDIA_READ, MEDIA_WRITE, Principal, render, require, state
from pantau.web.downloads import REPORT_TYPES, file_download, temp_folder
from pantau.web.media_queries import (
    MentionFilter,
    dashboard,
    filter_choices,
    list_matches,
    mention_detail,
)
from sentiment.models import LABELS

router = APIRouter(include_in_schema=False)
Reader = Depends(require(MEDIA_READ))
Writer = Depends(require(MEDIA_WRITE))


def parse_day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{field}: tanggal '{value}' tidak valid (gunakan TTTT-BB-HH).") from exc


def parse_int(value: str | None, field: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise InputError(f"{field}: '{value}' bukan angka.")
    return int(value)


def filter_from_params(params: dict[str, str]) -> MentionFilter:
    return MentionFilter(
        date_from=parse_day(params.get("dari"), "Dari tanggal"),
        date_to=parse_day(params.get("sampai"), "Sampai tanggal"),
        tone=params.get("nada") or None,
        media_type=params.get("media") or None,
        outlet=params.get("outlet") or None,
        source_id=parse_int(params.get("sumber"), "Sumber"),
        profile_id=parse_int(params.get("profil"), "Profil"),
        q=(params.get("q") or "").strip() or None,
        unique_only=params.get("unik") == "1",
    ).check()


FILTER_KEYS = ("dari", "sampai", "nada", "media", "outlet", "sumber", "profil", "q", "unik")


def correct_many(match_ids: list[int], label: str, by: str, note: str | None) -> int:
    """Apply an analyst's tone to matches; sentiment applies it to the copies of the same
    story too. Returns how many matches changed."""
    from sentiment.corrections import correct

    if label not in LABELS:
        raise InputError(f"Nada '{label}' tidak dikenal: pilih positif, netral atau negatif.")
    if not match_ids:
        raise InputError("Pilih minimal satu pemberitaan untuk dikoreksi.")
    changed = 0
    with session_scope() as s:
        for mid in dict.fromkeys(match_ids):
            changed += correct(s, match_id=mid, label=label, by=by, note=note or None)
    return changed


@router.get("/dasbor")
def dashboard_page(request: Request, user: Principal = Reader, profil: str = "") -> Any:
    with session_scope() as s:
        profile_id = parse_int(profil, "Profil")
        data = dashboard(s, profile_id=profile_id,
                         indicators=state(request).app_config.indicators)
        choices = filter_choices(s)
    return render(request, "media/dashboard.html", {
        "d": data, "profiles": choices["profiles"], "profile_id": profile_id})


REPORT_PERIODS = ("daily", "weekly", "monthly")


@router.get("/media/laporan")
def media_report(request: Request, user: Principal = Reader, jenis: str = "daily",
                 tanggal: str = "", format: str = "pdf") -> Any:
    """The media-monitoring report (daily, weekly, monthly) as the morning reader gets it."""
    from indicators.api import write_media_report
    from pantau.core.timeutil import to_jakarta, utcnow

    if jenis not in REPORT_PERIODS:
        raise InputError(f"Jenis laporan '{jenis}' tidak dikenal: daily, weekly atau monthly.")
    if format not in REPORT_TYPES:
        raise InputError(f"Format '{format}' tidak didukung: pilih pdf, html atau xlsx.")
    day = parse_day(tanggal, "Tanggal") or to_jakarta(utcnow()).date()
    tmp = temp_folder("pantau-media-")
    config = state(request).app_config
    with session_scope() as s:
        path = write_media_report(s, kind=jenis, day=day, formats=[format], out_dir=tmp,
                                  indicators=config.indicators,
                                  institution=config.institution)[0]
    return file_download(path, REPORT_TYPES[format], tmp)


@router.get("/media")
def mentions_page(request: Request, user: Principal = Reader, hal: int = 1) -> Any:
    params = {k: v for k, v in request.query_params.items() if k in FILTER_KEYS}
    flt = filter_from_params(params)
    per_page = state(request).config.page_size
    with session_scope() as s:
        rows, total = list_matches(s, flt, page=hal, per_page=per_page)
        choices = filter_choices(s)
    pages = max(1, (total + per_page - 1) // per_page)
    query = urlencode({k: v for k, v in params.items() if v})
    return render(request, "media/list.html", {
        "rows": rows, "total": total, "page": hal, "pages": pages, "f": params,
        "query": query, "choices": choices, "labels": LABELS,
        "can_write": user.can(MEDIA_WRITE), "message": request.query_params.get("pesan")})


@router.get("/media/{mention_id}")
def mention_page(request: Request, mention_id: int, user: Principal = Reader) -> Any:
    with session_scope() as s:
        detail = mention_detail(s, mention_id)
    if detail is None:
        raise NotFoundError(f"Pemberitaan nomor {mention_id} tidak ditemukan.")
    return render(request, "media/detail.html", {
        "d": detail, "labels": LABELS, "can_write": user.can(MEDIA_WRITE),
        "message": request.query_params.get("pesan")})


def _back(target: str, default: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else default


@router.post("/media/koreksi")
def correct_bulk(request: Request, user: Principal = Writer, label: str = Form(...),
                 match_ids: list[int] = Form([]), note: str = Form(""),
                 kembali: str = Form("/media")) -> Any:
    n = correct_many(match_ids, label, user.username, note)
    back = _back(kembali, "/media")
    sep = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{sep}pesan={n}+pemberitaan+dikoreksi+menjadi+{label}.",
                            status_code=303)
