"""Follow-up of negative news (tindak lanjut): the queue for analysts and the head of bureau,
most urgent first, and the form on a mention's page. The rules and the audit are
`indicators.api.update_followup`'s; this module parses the form and renders."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote_plus, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from indicators.api import (
    FOLLOWUP_ACTIONS,
    FOLLOWUP_OPEN,
    FOLLOWUP_STATUS_FILTERS,
    FOLLOWUP_STATUSES,
    FollowUpError,
    QueueFilter,
    followup_queue,
    update_followup,
)
from pantau.core.errors import InputError
from pantau.core.periods import custom
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.deps import MEDIA_WRITE, ConfigDep, MediaReader, MediaWriter, SessionDep
from pantau.web.forms import local_path, parse_day, parse_int
from pantau.web.media_queries import mention_page_context
from pantau.web.rendering import render
from sentiment.api import filter_choices

router = APIRouter(include_in_schema=False)

QUEUE_LIMIT = 200


@router.get("/tindak-lanjut")
def queue_page(request: Request, user: MediaReader, s: SessionDep, config: ConfigDep,
               status: str = FOLLOWUP_OPEN, dari: str = "", sampai: str = "", profil: str = "",
               pj: str = "", unit: str = "") -> HTMLResponse:
    """One organisation unit's queue (`unit`, see `Access.followup_scope`)."""
    scope = user.access.followup_scope(s, config, unit)
    start, end = parse_day(dari, "Dari tanggal"), parse_day(sampai, "Sampai tanggal")
    first, last = start or end, end or start
    period = custom(first, last) if first and last else None
    choices = filter_choices(s, within=scope.profiles)
    profile_id = parse_int(profil, "Profil")
    profile = dict(choices.profiles).get(profile_id) if profile_id else None
    flt = QueueFilter(period=period, status=None if status == "semua" else status,
                      profile=profile, owner=pj.strip() or None, within=scope.profiles,
                      unit=scope.unit)
    today = to_jakarta(utcnow()).date()
    items = followup_queue(s, flt, today=today)
    return render(request, "media/followups.html", {
        "items": items[:QUEUE_LIMIT], "total": len(items), "today": today,
        "f": {"status": status, "dari": dari, "sampai": sampai, "profil": profil, "pj": pj,
              "unit": scope.unit},
        "units": user.access.unit_choices(config),
        "status_choices": [*FOLLOWUP_STATUS_FILTERS, "semua"], "statuses": FOLLOWUP_STATUSES,
        "actions": FOLLOWUP_ACTIONS, "profiles": choices.profiles,
        "can_write": user.can(MEDIA_WRITE), "message": request.query_params.get("pesan"),
        "query": urlencode({k: v for k, v in request.query_params.items() if v})})


@router.post("/tindak-lanjut/{mention_id}")
def followup_save(request: Request, mention_id: int, user: MediaWriter, s: SessionDep,
                  config: ConfigDep,
                  unit: Annotated[str, Form()] = "",
                  action: Annotated[str, Form()] = "", owner: Annotated[str, Form()] = "",
                  deadline: Annotated[str, Form()] = "", status: Annotated[str, Form()] = "baru",
                  outcome: Annotated[str, Form()] = "", links: Annotated[str, Form()] = "",
                  kembali: Annotated[str, Form()] = "") -> Response:
    """Save the follow-up; a refused one shows the mention's page again with what was typed
    and the message beside its field (never a dead end that loses the input)."""
    user.access.check_mention(s, mention_id)
    scope = user.access.followup_scope(s, config, unit)
    typed = {"action": action, "owner": owner, "deadline": deadline, "status": status,
             "outcome": outcome, "links": links}
    try:
        f = update_followup(s, mention_id, by=user.username, unit=scope.unit,
                            within=scope.profiles, changes=typed)
    except InputError as refused:  # refused before anything was stored
        field = refused.field if isinstance(refused, FollowUpError) else None
        return render(request, "media/detail.html", {
            **mention_page_context(s, config=config, user=user, mention_id=mention_id,
                                   unit=unit, form=typed, error=str(refused),
                                   error_field=field),
            "kembali": local_path(kembali) or ""}, status_code=400)
    back = local_path(kembali) or f"/media/{mention_id}"
    sep = "&" if "?" in back else "?"
    message = quote_plus(f"Tindak lanjut disimpan: {FOLLOWUP_STATUSES[f.status].lower()}.")
    return RedirectResponse(f"{back}{sep}pesan={message}#tindak-lanjut", status_code=303)
