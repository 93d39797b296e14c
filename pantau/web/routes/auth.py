"""Login, logout and the landing page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from pantau.web.deps import (
    MEDIA_READ,
    SESSION_COOKIE,
    ConfigDep,
    CurrentUser,
    OptionalUser,
    SessionDep,
    WebStateDep,
    client_ip,
    csrf_anonymous,
    set_cookie,
)
from pantau.web.forms import local_path
from pantau.web.rendering import render
from pantau.web.users import authenticate, end_session, start_session
from survey.api import public_units

router = APIRouter(include_in_schema=False)


def _home_for(role_can_media: bool) -> str:
    return "/dasbor" if role_can_media else "/skm"


@router.get("/")
def index(request: Request, user: OptionalUser, config: ConfigDep) -> Response:
    if user is not None:
        return RedirectResponse(_home_for(user.can(MEDIA_READ)), status_code=303)
    return render(request, "index.html", {"units": public_units(config.survey)})


@router.get("/masuk")
def login_form(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(local_path(next) or _home_for(user.can(MEDIA_READ)),
                                status_code=303)
    return render(request, "login.html", {"next": local_path(next) or "", "error": None})


@router.post("/masuk", dependencies=[Depends(csrf_anonymous)])
def login(request: Request, st: WebStateDep, s: SessionDep,
          username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "") -> Response:
    ip = client_ip(request)
    # The attempt is counted before the password is checked, so parallel guesses cannot all
    # pass the check; a successful login gives its slot back.
    stamp = st.login_limiter.reserve(ip)
    if stamp is None:
        return render(request, "login.html", {
            "next": next, "username": username,
            "error": "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi."},
            status_code=429)
    user = authenticate(s, username, password)
    token = start_session(s, user, st.web.session_hours) if user else None
    can_media = user is not None and user.role in MEDIA_READ
    if token is None:
        return render(request, "login.html", {
            "next": next, "username": username,
            "error": "Nama pengguna atau kata sandi salah, atau akun tidak aktif."},
            status_code=401)
    st.login_limiter.release(ip, stamp)
    response = RedirectResponse(local_path(next) or _home_for(can_media), status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token, max_age=st.web.session_hours * 3600)
    return response


@router.post("/keluar")
def logout(user: CurrentUser, s: SessionDep) -> Response:
    if user.session_token:
        end_session(s, user.session_token)
    response = RedirectResponse("/masuk", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
