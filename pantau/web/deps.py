"""What every route may ask for, declared once as `Annotated` dependencies: the app state and
its config, a database session, who is asking (session cookie or API token) with the one role
check, and CSRF.

Route handlers name these in their parameters (`s: SessionDep`, `user: MediaReader`,
`config: ConfigDep`); they never read the config file or open the app state themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from pantau.config import PantauConfig, WebConfig
from pantau.core.db import session_scope
from pantau.core.units import DEFAULT_UNIT
from pantau.web.access import ALL, Access, access_for
from pantau.web.models import ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN, ROLE_LABELS, User
from pantau.web.ratelimit import RateLimiter
from pantau.web.security import new_token, same, sign
from pantau.web.users import unit_roles, user_for_api_token, user_for_session

SESSION_COOKIE = "pantau_sesi"
ANON_COOKIE = "pantau_anon"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

# Who may do what. Every non-public route names one of these sets (through the aliases below).
EVERYONE = frozenset({ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN})
MEDIA_READ = frozenset({ADMIN, ANALIS, PIMPINAN})
MEDIA_WRITE = frozenset({ADMIN, ANALIS})
SURVEY_READ = frozenset({ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN})
SURVEY_WRITE = frozenset({ADMIN, PETUGAS_SURVEI})
PLAN_READ = frozenset({ADMIN, ANALIS, PIMPINAN})
PLAN_WRITE = frozenset({ADMIN, ANALIS})
ADMIN_ONLY = frozenset({ADMIN})


# ---------------------------------------------------------------- the app's state and config


@dataclass
class WebState:
    """What `create_app` builds once and keeps on `app.state.web`."""

    config: PantauConfig
    secret: bytes
    templates: Jinja2Templates
    submit_limiter: RateLimiter
    login_limiter: RateLimiter
    uploads_dir: Path

    @property
    def web(self) -> WebConfig:
        return self.config.web


def web_state(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]


# The dependencies below that do no I/O are `async def`: FastAPI runs a plain `def`
# dependency in its thread pool, a thread hop per dependency per request (on the public
# form that was three of them, queued behind the pool's 40 threads under load).


async def app_state(request: Request) -> WebState:
    return web_state(request)


async def app_config(request: Request) -> PantauConfig:
    """The config the app was built with (read once by the app factory)."""
    return web_state(request).config


WebStateDep = Annotated[WebState, Depends(app_state)]
ConfigDep = Annotated[PantauConfig, Depends(app_config)]


def request_session() -> Iterator[Session]:
    """One session per request: committed when the handler returns, rolled back if it raises."""
    with session_scope() as session:
        yield session


# scope="function": the commit happens before the response is sent, so a redirect's next
# page sees the change, and a failed commit becomes an error page instead of a lost write.
SessionDep = Annotated[Session, Depends(request_session, scope="function")]


def client_ip(request: Request) -> str:
    if web_state(request).web.trust_proxy_headers:
        forwarded = request.headers.get("x-forwarded-for")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "-"


def is_https(request: Request) -> bool:
    web = web_state(request).web
    if web.https or request.url.scheme == "https":
        return True
    return web.trust_proxy_headers and \
        request.headers.get("x-forwarded-proto", "").lower() == "https"


def set_cookie(request: Request, response: Response, name: str, value: str,
               max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=is_https(request), path="/")


# ---------------------------------------------------------------- who is asking


@dataclass(frozen=True)
class Principal:
    id: int
    username: str
    full_name: str
    role: str  # the role in the user's own unit
    via: str  # "session" | "token"
    session_token: str | None = None
    org_unit: str = DEFAULT_UNIT
    # (unit code, role) of every unit the user has a role in, their own first.
    unit_roles: tuple[tuple[str, str], ...] = ()
    # What this request may see, computed by the role check for the route's roles.
    access: Access = ALL

    @property
    def display(self) -> str:
        return self.full_name or self.username

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def can(self, roles: frozenset[str]) -> bool:
        """Whether the user holds one of `roles` in some unit (what each unit's data
        allows is `access`)."""
        return any(role in roles for _unit, role in self.unit_roles) or self.role in roles

    @property
    def deployment_admin(self) -> bool:
        return self.role == ADMIN and self.org_unit == DEFAULT_UNIT


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    """A refusal (403). `roles`: the roles the route needs, when the role check refused
    (the API names them; a page says it is not the user's)."""

    def __init__(self, message: str = "Anda tidak memiliki akses ke halaman ini.",
                 roles: frozenset[str] | None = None) -> None:
        super().__init__(message)
        self.roles = roles


class CsrfFailed(Exception):
    pass


def _load_principal(request: Request) -> Principal | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        with session_scope() as s:
            user = user_for_api_token(s, token)
            if user is None:
                return None
            return _principal(s, user, "token")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    with session_scope() as s:
        found = user_for_session(s, cookie)
        if found is None:
            return None
        user, _ = found
        return _principal(s, user, "session", cookie)


def _principal(s: Session, user: User, via: str, cookie: str | None = None) -> Principal:
    return Principal(user.id or 0, user.username, user.full_name, user.role, via,
                     session_token=cookie, org_unit=user.org_unit,
                     unit_roles=tuple(unit_roles(s, user).items()))


def current_user(request: Request) -> Principal | None:
    """The logged-in user (cached per request), or None."""
    if not hasattr(request.state, "principal"):
        request.state.principal = _load_principal(request)
    return request.state.principal  # type: ignore[no-any-return]


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
    return sign(web_state(request).secret, purpose, ident)


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
    expected = sign(web_state(request).secret, purpose, ident)
    if not submitted or not ident or not same(submitted, expected):
        raise CsrfFailed()


async def read_csrf(request: Request) -> None:
    """Dependency run before the role check on unsafe methods: reads the submitted token."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        request.state.csrf_submitted = await _submitted_token(request)


async def csrf_anonymous(request: Request) -> None:
    """CSRF check for forms posted without login (the login form)."""
    await read_csrf(request)
    check_csrf(request)


# ---------------------------------------------------------------- the role check


def require(roles: frozenset[str]) -> Callable[..., Principal]:
    """The one role check: a dependency that returns the user when their role is in `roles`
    (and, for a browser session on an unsafe method, the CSRF token matches)."""

    def role_check(request: Request, _csrf: Annotated[None, Depends(read_csrf)]) -> Principal:
        user = current_user(request)
        if user is None:
            raise LoginRequired()
        if not user.can(roles):
            raise Forbidden(roles=roles)
        if request.method not in ("GET", "HEAD", "OPTIONS") and user.via == "session":
            check_csrf(request)
        config = web_state(request).config
        if not config.units or user.deployment_admin:
            return user  # one unit, or the deployment's administrator: everything
        if roles == ADMIN_ONLY:
            # the deployment's settings, users and logs
            raise Forbidden("Anda tidak memiliki akses: hanya admin unit utama (seluruh "
                            "instansi).")
        with session_scope() as s:
            access = access_for(s, config, dict(user.unit_roles), roles)
        if access is None:
            raise Forbidden(roles=roles)
        return replace(user, access=access)

    # Read by the role-per-route test, which checks every route against the intended roles.
    role_check.roles = roles  # type: ignore[attr-defined]
    return role_check


def whole_deployment(user: Principal) -> None:
    """Refuse a page that is the deployment's as a whole (its peers' share of voice, the
    analysts' notes of its reports) to a user who sees only some units."""
    if user.access.restricted:
        raise Forbidden("Data ini mencakup seluruh instansi; unit Anda belum memilikinya.")


OptionalUser = Annotated[Principal | None, Depends(current_user)]
CurrentUser = Annotated[Principal, Depends(require(EVERYONE))]
MediaReader = Annotated[Principal, Depends(require(MEDIA_READ))]
MediaWriter = Annotated[Principal, Depends(require(MEDIA_WRITE))]
SurveyReader = Annotated[Principal, Depends(require(SURVEY_READ))]
SurveyWriter = Annotated[Principal, Depends(require(SURVEY_WRITE))]
PlanReader = Annotated[Principal, Depends(require(PLAN_READ))]
PlanWriter = Annotated[Principal, Depends(require(PLAN_WRITE))]
AdminUser = Annotated[Principal, Depends(require(ADMIN_ONLY))]
