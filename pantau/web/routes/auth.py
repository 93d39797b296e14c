"""Login, logout and the landing page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from pantau.core.db import session_scope
from pantau.web.deps import (
    EVERYONE,
    MEDIA_READ,
    SESSION_COOKIE,
    client_ip,
    csrf_anonymous,
    current_user,
    render,
    require,
    set_cookie,
    state,
)
from pantau.web.users import authenticate, end_session, start_session

router = APIRouter(include_in_schema=False)


def _home_for(role_can_media: bool) -> str:
    return "/dasbor" if role_can_media else "/skm"


def _safe_next(target: str | None) -> str | None:
    # Only local paths: never an open redirect to another site.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/")
def index(request: Request) -> Any:
    user = current_user(request)
    if user is not None:
        return RedirectResponse(_home_for(user.can(MEDIA_READ)), status_code=303)
    from pantau.config import get_config
    from survey.api import public_units

    return render(request, "index.html", {"units": public_units(get_config().survey)})


@router.get("/masuk")
def login_form(request: Request, next: str | None = None) -> Any:
    user = current_user(request)
    if user is not None:
        return RedirectResponse(_safe_next(next) or _home_for(user.can(MEDIA_READ)),
                                status_code=303)
    return render(request, "login.html", {"next": _safe_next(next) or "", "error": None})


@router.post("/masuk", dependencies=[Depends(csrf_anonymous)])
def login(request: Request, username: str = Form(""), password: str = Form(""),
          next: str = Form("")) -> Any:
    st = state(request)
    ip = client_ip(request)
    if st.login_limiter.count(ip) >= st.login_limiter.limit:
        return render(request, "login.html", {
            "next": next, "username": username,
            "error": "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi."},
            status_code=429)
    with session_scope() as s:
        user = authenticate(s, username, password)
        token = start_session(s, user, st.config.session_hours) if user else None
        can_media = user is not None and user.role in MEDIA_READ
    if token is None:
        st.login_limiter.allow(ip)
        return render(request, "login.html", {
            "next": next, "username": username,
            "error": "Nama pengguna atau kata sandi salah, atau akun tidak aktif."},
            status_code=401)
    response = RedirectResponse(_safe_next(next) or _home_for(can_media), status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token, max_age=st.config.session_hours * 3600)
    return response


@router.post("/keluar")
def logout(request: Request, user: Any = Depends(require(EVERYONE))) -> Any:
    if user.session_token:
        with session_scope() as s:
            end_session(s, user.session_token)
    response = RedirectResponse("/masuk", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response

