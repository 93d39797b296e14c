"""Analysts' pages: the dashboard, mentions with filters, a mention's page, tone corrections."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlmodel import Session

from indicators.api import (
    FOLLOWUP_ACTIONS,
    FOLLOWUP_STATUSES,
    people_directory,
    unit_institution,
)
from pantau.config import PantauConfig
from pantau.core.errors import InputError, NotFoundError
from pantau.core.settings import get_settings
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.access import UnitView
from pantau.web.deps import (
    MEDIA_WRITE,
    ConfigDep,
    MediaReader,
    MediaWriter,
    Principal,
    SessionDep,
)
from pantau.web.downloads import REPORT_TYPES, file_download, report_type, temp_folder
from pantau.web.forms import local_path, parse_day, parse_int
from pantau.web.media_queries import (
    PERIOD_KINDS,
    dashboard,
    mention_page_context,
    people_page,
    voice_page,
)
from pantau.web.rendering import render
from sentiment.api import (
    LABELS,
    MentionFilter,
    PageKey,
    correct_matches,
    export_mentions,
    filter_choices,
    mention_detail,
    paged_mentions,
)

router = APIRouter(include_in_schema=False)


def filter_from_params(params: dict[str, str],
                       within: frozenset[int] | None = None) -> MentionFilter:
    return MentionFilter(within=within,
        date_from=parse_day(params.get("dari"), "Dari tanggal"),
        date_to=parse_day(params.get("sampai"), "Sampai tanggal"),
        tone=params.get("nada") or None,
        media_type=params.get("media") or None,
        outlet=params.get("outlet") or None,
        source=parse_int(params.get("sumber"), "Sumber"),
        profile=parse_int(params.get("profil"), "Profil"),
        text=(params.get("q") or "").strip() or None,
        unique_only=params.get("unik") == "1",
    )


FILTER_KEYS = ("unit", "dari", "sampai", "nada", "media", "outlet", "sumber", "profil", "q",
               "unik")


def media_filter(request: Request, user: Principal, s: Session,
                 config: PantauConfig) -> tuple[dict[str, str], MentionFilter, UnitView]:
    """The list's (and its export's) query parameters, filter and unit: `unit` chooses one
    of the user's organisation units (`Access.unit_view`, another unit's: 404), else every
    unit of theirs."""
    params = {k: v for k, v in request.query_params.items() if k in FILTER_KEYS}
    view = user.access.unit_view(s, config, params.get("unit"))
    return params, filter_from_params(params, view.profiles), view


@router.get("/dasbor")
def dashboard_page(request: Request, user: MediaReader, s: SessionDep, config: ConfigDep,
                   periode: str = "hari", tanggal: str = "", dari: str = "", sampai: str = "",
                   profil: str = "", unit: str = "") -> HTMLResponse:
    """The dashboard of every unit the user sees, or of one (`unit`, see
    `Access.unit_view`); its follow-ups are always one unit's."""
    profile_id = parse_int(profil, "Profil")
    view = user.access.unit_view(s, config, unit)
    in_unit = {"unit": view.unit} if view.unit else {}
    data = dashboard(s, kind=periode, day=parse_day(tanggal, "Tanggal"),
                     start=parse_day(dari, "Dari tanggal"),
                     end=parse_day(sampai, "Sampai tanggal"), profile_id=profile_id,
                     indicators=config.indicators, view=view)
    choices = filter_choices(s, within=view.profiles)
    period_query = urlencode({**in_unit, "dari": data.period.start.isoformat(),
                              "sampai": data.period.end.isoformat(),
                              **({"profil": profile_id} if profile_id else {})})
    units = user.access.unit_choices(config)
    voice = voice_page(s, indicators=config.indicators, institution=config.institution.name,
                       comparisons=config.comparisons, kind=periode, day=data.day,
                       start=data.period.start, end=data.period.end,
                       profile_id=profile_id) \
        if config.comparisons and not user.access.restricted and view.unit is None else None
    picker = urlencode({**in_unit, "periode": periode, "tanggal": data.day.isoformat(),
                        "dari": data.period.start.isoformat(),
                        "sampai": data.period.end.isoformat(),
                        **({"profil": profile_id} if profile_id else {})})
    return render(request, "media/dashboard.html", {
        "d": data, "profiles": choices.profiles, "profile_id": profile_id,
        "kinds": PERIOD_KINDS, "period_query": period_query, "voice": voice,
        "picker_query": picker, "units": units, "unit": view.unit,
        "followup_unit": view.followups.unit if units else None,
        "followup_unit_name": dict(units).get(view.followups.unit),
        "statuses": FOLLOWUP_STATUSES, "actions": FOLLOWUP_ACTIONS})


@router.get("/media/narasumber")
def people_view(request: Request, user: MediaReader, s: SessionDep, config: ConfigDep,
                periode: str = "hari", tanggal: str = "", dari: str = "", sampai: str = "",
                profil: str = "", unit: str = "") -> HTMLResponse:
    """The people quoted in a period: one row per person, with the tone of the mentions
    quoting them; the institution's own officials marked. Every unit the user sees, or one
    (`unit`, see `Access.unit_view`)."""
    profile_id = parse_int(profil, "Profil")
    view = user.access.unit_view(s, config, unit)
    directory = people_directory(institution=config.institution.name,
                                 officials=config.institution.officials,
                                 comparisons=config.comparisons)
    period, day, result = people_page(
        s, indicators=config.indicators, directory=directory, kind=periode,
        day=parse_day(tanggal, "Tanggal"), start=parse_day(dari, "Dari tanggal"),
        end=parse_day(sampai, "Sampai tanggal"), profile_id=profile_id,
        within=view.profiles)
    return render(request, "media/people.html", {
        "period": period, "day": day, "kind": periode, "result": result,
        "profiles": filter_choices(s, within=view.profiles).profiles,
        "profile_id": profile_id, "units": user.access.unit_choices(config),
        "unit": view.unit, "kinds": PERIOD_KINDS})


REPORT_PERIODS = ("daily", "weekly", "monthly")


@router.get("/media/laporan")
def media_report(user: MediaReader, s: SessionDep, config: ConfigDep, jenis: str = "daily",
                 tanggal: str = "", format: str = "pdf", unit: str = "") -> FileResponse:
    """The media-monitoring report (daily, weekly, monthly) as the morning reader gets it:
    of every unit the user sees, or of one (`unit`, see `Access.unit_view`): its profiles'
    mentions, its plans' target and its follow-ups (`write_media_report`'s `units`), named
    as the daily job names that unit's report (`unit_institution`)."""
    from indicators.api import write_media_report

    if jenis not in REPORT_PERIODS:
        raise InputError(f"Jenis laporan '{jenis}' tidak dikenal: daily, weekly atau monthly.")
    media_type = report_type(format)
    day = parse_day(tanggal, "Tanggal") or to_jakarta(utcnow()).date()
    view = user.access.unit_view(s, config, unit)
    tmp = temp_folder("pantau-media-")
    path = write_media_report(s, kind=jenis, day=day, formats=[format], out_dir=tmp,  # one file
                              indicators=config.indicators,
                              institution=unit_institution(config.institution, view.unit,
                                                           config.unit_names()),
                              comparisons=config.comparisons,
                              within=view.profiles, units=view.units)[0]
    return file_download(path, media_type, tmp)


# The list counts its rows up to this many pages ("lebih dari ..." beyond): an exact count
# of a frequent word's 88,000 rows cost 330 ms on PostgreSQL, more than the page itself
# (search engines do the same: Elasticsearch counts hits exactly up to 10,000).
COUNTED_PAGES = 200


@router.get("/media")
def mentions_page(request: Request, user: MediaReader, s: SessionDep, config: ConfigDep,
                  hal: int = 1, setelah: str | None = None,
                  sebelum: str | None = None) -> HTMLResponse:
    """The list, newest first. "Next" and "previous" go by the key of the page's last or
    first row (`setelah`, `sebelum`), so a deep page is as fast as the first; `hal` alone
    (an old link) still opens a page by its number."""
    params, flt, view = media_filter(request, user, s, config)
    per_page = config.web.page_size
    after = PageKey.decode(setelah) if setelah else None
    before = PageKey.decode(sebelum) if sebelum and not after else None
    counted = per_page * COUNTED_PAGES
    rows, total = paged_mentions(s, flt, page=hal, per_page=per_page, after=after,
                                 before=before, count_at_most=counted)
    choices = filter_choices(s, within=view.profiles)
    more_than = counted if total > counted else None  # then the pages are not counted
    pages = max(1, (total + per_page - 1) // per_page)
    page = max(hal, 1) if more_than else min(max(hal, 1), pages)
    query = urlencode({k: v for k, v in params.items() if v})
    amp = "&" if query else ""
    here = {"hal": page} | ({"setelah": setelah} if after else {}) | (
        {"sebelum": sebelum} if before else {})
    next_link = prev_link = None
    if rows and (page < pages or (more_than and len(rows) == per_page)):
        next_link = (f"/media?{query}{amp}"
                     + urlencode({"hal": page + 1, "setelah": PageKey.of(rows[-1]).encode()}))
    if rows and page > 1:
        prev_link = f"/media?{query}" if page == 2 else (
            f"/media?{query}{amp}"
            + urlencode({"hal": page - 1, "sebelum": PageKey.of(rows[0]).encode()}))
    return render(request, "media/list.html", {
        "rows": rows, "total": total, "more_than": more_than, "page": page, "pages": pages,
        "f": params,
        "query": query, "here": f"/media?{query}{amp}{urlencode(here)}",
        "next_link": next_link, "prev_link": prev_link, "choices": choices, "labels": LABELS,
        "units": user.access.unit_choices(config), "unit": view.unit,
        "can_write": user.can(MEDIA_WRITE), "message": request.query_params.get("pesan")})


EXPORT_CHOICES = ("csv", "xlsx")


@router.get("/media/ekspor")
def export_page(request: Request, user: MediaReader, s: SessionDep, config: ConfigDep,
                format: str = "csv") -> FileResponse:
    """The rows of the list's filters (and unit) as CSV or XLSX
    (`sentiment.api.export_mentions`)."""
    if format not in EXPORT_CHOICES:
        raise InputError(f"Format ekspor '{format}' tidak didukung: pilih csv atau xlsx.")
    _params, flt, _view = media_filter(request, user, s, config)
    tmp = temp_folder("pantau-ekspor-")
    stamp = to_jakarta(utcnow()).strftime("%Y%m%d-%H%M")
    path = tmp / f"pemberitaan-{stamp}.{format}"
    export_mentions(s, flt, fmt=format, out=path)
    media_type = "text/csv; charset=utf-8" if format == "csv" else REPORT_TYPES["xlsx"]
    return file_download(path, media_type, tmp)


@router.get("/media/{mention_id}")
def mention_page(request: Request, mention_id: int, user: MediaReader, s: SessionDep,
                 config: ConfigDep, unit: str = "") -> HTMLResponse:
    """A mention with its matches, and the follow-up of its story by one organisation unit
    (`unit`, see `Access.followup_scope`)."""
    return render(request, "media/detail.html", {
        **mention_page_context(s, config=config, user=user, mention_id=mention_id, unit=unit),
        "message": request.query_params.get("pesan")})


CLIPPING_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                  ".tif": "image/tiff", ".tiff": "image/tiff", ".pdf": "application/pdf"}


@router.get("/media/{mention_id}/kliping")
def clipping_file(mention_id: int, user: MediaReader, s: SessionDep) -> FileResponse:
    """The scanned clipping kept beside a print mention (see `collectors.scans`)."""
    detail = mention_detail(s, mention_id, within=user.access.profiles)
    stored = (detail.mention.extra or {}).get("gambar") if detail else None
    folder = (get_settings().home / "kliping").resolve()
    path = (get_settings().home / str(stored)).resolve() if stored else None
    if path is None or path.parent != folder or not path.is_file():
        raise NotFoundError(f"Pemberitaan nomor {mention_id} tidak punya berkas kliping.")
    return FileResponse(path, media_type=CLIPPING_TYPES.get(path.suffix, "application/pdf"))


@router.post("/media/koreksi")
def correct_bulk(user: MediaWriter, s: SessionDep, label: Annotated[str, Form()],
                 match_ids: Annotated[list[int], Form(default_factory=list)],
                 note: Annotated[str, Form()] = "",
                 kembali: Annotated[str, Form()] = "/media") -> RedirectResponse:
    user.access.check_matches(s, match_ids)
    n = correct_matches(s, match_ids=match_ids, label=label, by=user.username, note=note)
    back = local_path(kembali) or "/media"
    sep = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{sep}pesan={n}+pemberitaan+dikoreksi+menjadi+{label}.",
                            status_code=303)
