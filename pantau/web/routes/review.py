"""The review queue (`/tinjau`): labels most likely wrong first, or an audit sample's items
labelled blind; one keystroke (1/2/3 or p/n/g) or one click per decision, which goes
through sentiment's one correction function. Drawing an audit sample and its estimate."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from indicators.api import AuditStatus, audit_status, draw_sample, latest_sample
from pantau.core.errors import InputError
from pantau.core.periods import Period, parse_period
from pantau.web.deps import MEDIA_WRITE, ConfigDep, MediaReader, MediaWriter, SessionDep
from pantau.web.forms import local_path, parse_int
from pantau.web.rendering import render
from sentiment.api import LABELS, audit_queue, correct, filter_choices, review_queue

router = APIRouter(include_in_schema=False)

# One key per decision, shown on the buttons and read by pantau.js.
KEYS = {"positif": ("1", "p"), "netral": ("2", "n"), "negatif": ("3", "g")}
PAGE = 15


def _period(text: str) -> Period | None:
    return parse_period(text.strip()) if text.strip() else None


@router.get("/tinjau")
def review_page(request: Request, user: MediaReader, s: SessionDep, periode: str = "",
                profil: str = "", audit: str = "", lewati: int = 0) -> HTMLResponse:
    period = _period(periode)
    profile = profil.strip() or None
    sample_id = parse_int(audit, "Sampel audit")
    skip = max(lewati, 0)
    user.access.check_profile(s, profile)
    if sample_id is not None:
        user.access.check_sample(s, sample_id)
        queue = audit_queue(s, sample_id=sample_id, limit=PAGE, offset=skip)
        assert queue.audit_sample is not None
        period = parse_period(queue.audit_sample.period)
        profile = queue.audit_sample.profile
    else:
        queue = review_queue(s, period=period, profile=profile, limit=PAGE, offset=skip,
                             within=user.access.profiles)
    status: AuditStatus | None = None
    if (period is not None and (profile or not user.access.restricted)
            and latest_sample(s, period=period, profile=profile) is not None):
        status = audit_status(s, period=period, profile=profile)
    params = {"periode": period.code if period else "", "profil": profile or "",
              "audit": str(sample_id) if sample_id is not None else ""}
    here = "/tinjau?" + urlencode({k: v for k, v in params.items() if v})
    audit_json: dict[str, Any] | None = status.to_json() if status else None
    return render(request, "media/review.html", {
        "queue": queue, "current": queue.items[0] if queue.items else None,
        "upcoming": queue.items[1:], "skip": skip, "here": here, "params": params,
        "status": audit_json, "labels": LABELS, "keys": KEYS,
        "profiles": filter_choices(s, within=user.access.profiles).profiles,
        "can_write": user.can(MEDIA_WRITE),
        "message": request.query_params.get("pesan")})


@router.post("/tinjau/putuskan")
def decide(user: MediaWriter, s: SessionDep, match_id: Annotated[int, Form()],
           label: Annotated[str, Form()],
           kembali: Annotated[str, Form()] = "/tinjau") -> RedirectResponse:
    user.access.check_matches(s, [match_id])
    n = correct(s, match_id=match_id, label=label, by=user.username, note="antrean tinjauan")
    back = local_path(kembali) or "/tinjau"
    sep = "&" if "?" in back else "?"
    return RedirectResponse(
        f"{back}{sep}" + urlencode({"pesan": f"Disimpan: {label} ({n} kecocokan, termasuk "
                                             "salinan)."}), status_code=303)


@router.post("/tinjau/audit")
def draw(user: MediaWriter, s: SessionDep, config: ConfigDep,
         periode: Annotated[str, Form()] = "", profil: Annotated[str, Form()] = "",
         ukuran: Annotated[str, Form()] = "") -> RedirectResponse:
    period = _period(periode)
    if period is None:
        raise InputError("Periode audit wajib diisi (mis. 2026-05).")
    if user.access.restricted and not profil.strip():
        raise InputError("Pilih profil unit Anda untuk sampel audit.")
    user.access.check_profile(s, profil.strip())
    sample, _new = draw_sample(s, period=period, profile=profil.strip() or None,
                               indicators=config.indicators, by=user.username,
                               size=parse_int(ukuran, "Ukuran sampel"))
    return RedirectResponse(f"/tinjau?audit={sample.id}", status_code=303)
