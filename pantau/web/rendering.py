"""Rendering a page: the one template environment and the context every page shares (the
user, the menu for their role, the CSRF token, the institution's name)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from pantau.core.render import fmt_number
from pantau.core.runlog import describe_counts
from pantau.core.timeutil import format_wib
from pantau.web.deps import (
    ADMIN_ONLY,
    ANON_COOKIE,
    MEDIA_READ,
    PLAN_READ,
    SURVEY_READ,
    Principal,
    csrf_token,
    current_user,
    set_cookie,
    web_state,
)

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def nav_items(user: Principal | None) -> list[tuple[str, str]]:
    if user is None:
        return []
    items: list[tuple[str, str]] = []
    if user.can(MEDIA_READ):
        items += [("/dasbor", "Dasbor"), ("/media", "Pemberitaan"), ("/tinjau", "Tinjau label"),
                  ("/tindak-lanjut", "Tindak lanjut"), ("/laporan", "Laporan")]
    if user.can(SURVEY_READ):
        items.append(("/skm", "Survei (SKM)"))
    if user.can(PLAN_READ):
        items.append(("/rencana", "Rencana & Indikator"))
    if user.can(ADMIN_ONLY):
        items.append(("/admin", "Admin"))
    return items


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    st = web_state(request)
    user = current_user(request)
    ctx: dict[str, Any] = {
        "user": user,
        "nav": nav_items(user),
        "csrf": csrf_token(request),
        "institution": st.config.institution.name,
        "path": request.url.path,
    }
    ctx.update(context or {})
    response = st.templates.TemplateResponse(request, template, ctx, status_code=status_code)
    new_anon = getattr(request.state, "new_anon", None)
    if new_anon:
        set_cookie(request, response, ANON_COOKIE, new_anon)
    return response


def login_redirect_target(request: Request) -> str:
    path = request.url.path
    if request.url.query:
        path += "?" + request.url.query
    return "/masuk?next=" + quote(path, safe="")


@lru_cache(maxsize=1)
def make_templates() -> Jinja2Templates:
    """One template environment per process (compiled templates are cached in it)."""
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.autoescape = True  # every variable is escaped: saran and mention text are hostile
    env.filters["wib"] = format_wib
    env.filters["counts"] = describe_counts
    env.filters["num"] = fmt_number
    return templates
