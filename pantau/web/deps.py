"""Request plumbing shared by every page: the app state, who is asking (session cookie or
API token), the one role check, CSRF, and rendering a template with the common context."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from pantau.config import PantauConfig, WebConfig
from pantau.core.db import session_scope
from pantau.core.timeutil import format_wib
from pantau.web.models import ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN, ROLE_LABELS
from pantau.web.ratelimit import RateLimiter
from pantau.web.security import new_token, same, sign

SESSION_COOKIE = "pantau_sesi"
ANON_COOKIE = "pantau_anon"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

# Who may do what. Every non-public route names one of these sets.
EVERYONE = frozenset({ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN})
MEDIA_READ = frozenset({ADMIN, ANALIS, PIMPINAN})
MEDIA_WRITE = frozenset({ADMIN, ANALIS})
SURVEY_READ = frozenset({ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN})
SURVEY_WRITE = frozenset({ADMIN, PETUGAS_SURVEI})
PLAN_READ = frozenset({ADMIN, ANALIS, PIMPINAN})
PLAN_WRITE = frozenset({ADMIN, ANALIS})
ADMIN_ONLY = frozenset({ADMIN})

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Principal:
    id: int
    username: str
    full_name: str
    role: str
    via: str  # "session" | "token"
    session_token: str | None = None

    @property
    def display(self) -> str:
        return self.full_name or self.username

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def can(self, roles: frozenset[str]) -> bool:
        return self.role in roles


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    def __init__(self, message: str = "Anda tidak memiliki akses ke halaman ini.") -> None:
        super().__init__(message)


class CsrfFailed(Exception):
    pass


@dataclass
class WebState:
    config: WebConfig
    secret: bytes
    templates: Jinja2Templates
    submit_limiter: RateLimiter
    login_limiter: RateLimiter
    institution: str
    uploads_dir: Path
    # The whole configuration the app was built with: the domains' sections for their calls.
    app_config: PantauConfig


def state(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]


def client_ip(request: Request) -> str:
    if state(request).config.trust_proxy_headers:
        forwarded = request.headers.get("x-forwarded-for")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "-"


def is_https(request: Request) -> bool:
    st = state(request)
    if st.config.https or request.url.scheme == "https":
        return True
    return st.config.trust_proxy_headers and \
        request.headers.get("x-forwarded-proto", "").lower() == "https"


def set_cookie(request: Request, response: Response, name: str, value: str,
               max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=is_https(request), path="/")


# ---------------------------------------------------------------- who is asking


def _load_principal(request: Request) -> Principal | None:
    from pantau.web.users import user_for_api_token, user_for_session

    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        with session_scope() as s:
            user = user_for_api_token(s, token)
            if user is None:
                return None
            return Principal(user.id or 0, user.username, user.full_name, user.role, "token")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    with session_scope() as s:
        found = user_for_session(s, cookie)
        if found is None:
            return None
        user, _ = found
        return Principal(user.id or 0, user.username, user.full_name, user.role, "session",
                         session_token=cookie)


def current_user(request: Request) -> Principal | None:
    """The logged-in user (cached per request), or None."""
    if not hasattr(request.state, "principal"):
        request.state.principal = _load_principal(request)
    return request.state.principal  # type: ignore[no-any-return]


def require(roles: frozenset[str]) -> Any:
    """The one role check: a dependency that returns the user when their role is in `roles`."""

    def dependency(request: Request, _csrf: None = Depends(read_csrf)) -> Principal:
        user = current_user(request)
        if user is None:
            raise LoginRequired()
        if not user.can(roles):
            raise Forbidden()
        if request.method not in ("GET", "HEAD", "OPTIONS") and user.via == "session":
            check_csrf(request)
        return user

    dependency.roles = roles  # type: ignore[attr-defined]
    return dependency


# ---------------------------------------------------------------- CSRF


def _csrf_identity(request: Request) -> tuple[str, str]:
    user = current_user(request)
    if user is not None and user.session_token:
        return "csrf-session", user.session_token
    anon = getattr(request.state, "new_anon", None) or request.cookies.get(ANON_COOKIE) or ""
    return "csrf-anon", anon


def csrf_token(request: Request) -> str:
    """The token every form carries; bound to the login session (or the anonymous cookie)."""
    purpose, ident = _csrf_identity(request)
    if not ident:
        ident = request.state.new_anon = new_token(18)
    return sign(state(request).secret, purpose, ident)


async def _submitted_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def check_csrf(request: Request) -> None:
    submitted = getattr(request.state, "csrf_submitted", "")
    purpose, ident = _csrf_identity(request)
    if not submitted or not ident or not same(submitted, sign(state(request).secret, purpose,
                                                              ident)):
        raise CsrfFailed()


async def read_csrf(request: Request) -> None:
    """Dependency run before the role check on unsafe methods: reads the submitted token."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        request.state.csrf_submitted = await _submitted_token(request)


async def csrf_anonymous(request: Request) -> None:
    """CSRF check for forms posted without login (the login form)."""
    await read_csrf(request)
    check_csrf(request)


# ---------------------------------------------------------------- rendering


def nav_items(user: Principal | None) -> list[tuple[str, str]]:
    if user is None:
        return []
    items: list[tuple[str, str]] = []
    if user.can(MEDIA_READ):
        items += [("/dasbor", "Dasbor"), ("/media", "Pemberitaan")]
    if user.can(SURVEY_READ):
        items.append(("/skm", "Survei (SKM)"))
    if user.can(PLAN_READ):
        items.append(("/rencana", "Rencana & Indikator"))
    if user.can(ADMIN_ONLY):
        items.append(("/admin", "Admin"))
    return items


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    st = state(request)
    user = current_user(request)
    ctx: dict[str, Any] = {
        "user": user,
        "nav": nav_items(user),
        "csrf": csrf_token(request),
        "institution": st.institution,
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
    from pantau.core.render import fmt_number

    env.filters["num"] = fmt_number
    return templates
