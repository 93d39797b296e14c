"""The Pantau web app: `create_app()` builds the FastAPI application.

Server-rendered pages (Jinja2, Bahasa Indonesia, no CDN), a public questionnaire per
service unit, pages per role, and a JSON API under /api/v1 (OpenAPI at /api/v1/docs).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.orm import configure_mappers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pantau.config import PantauConfig, get_config
from pantau.core.db import get_engine
from pantau.core.errors import InputError, NotFoundError, PantauError
from pantau.core.settings import get_settings
from pantau.web.config import load_secret_key
from pantau.web.deps import CsrfFailed, Forbidden, LoginRequired, WebState
from pantau.web.models import ROLE_LABELS, ROLES
from pantau.web.ratelimit import RateLimiter
from pantau.web.rendering import STATIC_DIR, login_redirect_target, make_templates, render
from pantau.web.routes import (
    admin,
    api,
    auth,
    followups,
    media,
    plans,
    public,
    reports,
    review,
    survey,
)

log = logging.getLogger("pantau.web")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
]
# FastAPI's own docs page loads its assets from a CDN; it is the one page allowed to.
DOCS_PATHS = ("/api/v1/docs", "/api/v1/redoc")
# Swagger UI 5 (OpenAPI 3.1) from the swagger-ui-py package (Apache-2.0; its LICENSE is
# served beside the files): nothing from a CDN.
DOCS_ASSETS = "/api/v1/docs/aset"
# Found without importing the package (its module pulls in YAML and urllib).
_SWAGGER = find_spec("swagger_ui")
assert _SWAGGER is not None and _SWAGGER.submodule_search_locations, "swagger-ui-py missing"
DOCS_FILES = Path(list(_SWAGGER.submodule_search_locations)[0]) / "static"


class GuardMiddleware:
    """Pure ASGI: refuses request bodies over the size limit (413) before they are read,
    and adds the security headers to every response."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _too_large(send)
            return
        received = 0
        too_big = False

        async def limited_receive() -> Message:
            nonlocal received, too_big
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    too_big = True
                    raise _BodyTooLarge()
            return message

        docs = scope["path"].startswith(DOCS_PATHS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [h for h in SECURITY_HEADERS
                         if not (docs and h[0] == b"content-security-policy")]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _BodyTooLarge:
            if too_big:
                await _too_large(send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    body = b"Berkas atau data yang dikirim terlalu besar."
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())] + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": body})


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str,
           problems: list[str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message, "problems": problems or []}, status_code=status)
    return render(request, "error.html",
                  {"status": status, "message": message, "problems": problems or []},
                  status_code=status)


# Pydantic's error types in Indonesian (its messages are English): "{...}" is filled from
# the error's context. A type not named here is "nilai tidak valid".
VALIDATION_MESSAGES = {
    "missing": "wajib diisi",
    "int_parsing": "harus bilangan bulat",
    "int_type": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat (tanpa pecahan)",
    "float_parsing": "harus angka (pemisah desimal titik, mis. 12.5)",
    "float_type": "harus angka (pemisah desimal titik, mis. 12.5)",
    "finite_number": "harus angka yang terhingga",
    "bool_parsing": "harus true atau false",
    "bool_type": "harus true atau false",
    "date_parsing": "tanggal tidak valid; gunakan TTTT-BB-HH",
    "date_from_datetime_parsing": "tanggal tidak valid; gunakan TTTT-BB-HH",
    "date_from_datetime_inexact": "tanggal tidak boleh memuat jam; gunakan TTTT-BB-HH",
    "date_type": "tanggal tidak valid; gunakan TTTT-BB-HH",
    "datetime_parsing": "waktu tidak valid; gunakan TTTT-BB-HHTjj:mm:dd",
    "datetime_from_date_parsing": "waktu tidak valid; gunakan TTTT-BB-HHTjj:mm:dd",
    "datetime_type": "waktu tidak valid; gunakan TTTT-BB-HHTjj:mm:dd",
    "string_type": "harus teks",
    "string_too_short": "terlalu pendek: minimal {min_length} karakter",
    "string_too_long": "terlalu panjang: paling banyak {max_length} karakter",
    "string_pattern_mismatch": "bentuknya tidak sesuai",
    "string_unicode": "harus teks",
    "too_short": "terlalu sedikit: minimal {min_length} butir",
    "too_long": "terlalu banyak: paling banyak {max_length} butir",
    "list_type": "harus daftar (array)",
    "dict_type": "harus objek JSON",
    "model_type": "harus objek JSON",
    "model_attributes_type": "harus objek JSON",
    "json_invalid": "JSON tidak dapat dibaca",
    "json_type": "JSON tidak dapat dibaca",
    "greater_than": "harus lebih dari {gt}",
    "greater_than_equal": "harus paling sedikit {ge}",
    "less_than": "harus kurang dari {lt}",
    "less_than_equal": "harus paling banyak {le}",
    "multiple_of": "harus kelipatan {multiple_of}",
    "literal_error": "harus salah satu dari: {expected}",
    "enum": "harus salah satu dari: {expected}",
    "extra_forbidden": "tidak dikenal",
    "url_parsing": "alamat web tidak valid",
    "url_type": "alamat web tidak valid",
    "uuid_parsing": "UUID tidak valid",
    "value_error": "nilai tidak valid",
    "union_tag_invalid": "jenis tidak dikenal",
}
LOCATION_PARTS = ("body", "query", "path", "header", "cookie")


def validation_problem(err: Mapping[str, Any]) -> str:
    """One request-validation error for people, in Indonesian: `year: wajib diisi`."""
    where = ".".join(str(p) for p in err.get("loc", ()) if p not in LOCATION_PARTS)
    template = VALIDATION_MESSAGES.get(str(err.get("type", "")), "nilai tidak valid")
    try:
        message = template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        message = template.split(":")[0]
    return f"{where}: {message}" if where else message


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            # A token was sent but matches no active token: say so (a retired system's
            # revoked token, a typo), rather than ask for a login.
            sent = request.headers.get("authorization", "").lower().startswith("bearer ")
            detail = ("Token API tidak valid atau sudah dicabut." if sent else
                      "Perlu masuk (login) atau token API (header Authorization: Bearer).")
            return JSONResponse({"detail": detail, "problems": []}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        return RedirectResponse(login_redirect_target(request), status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if _wants_json(request) and exc.roles is not None:
            # The role check's refusal: an API call is an operation, not a page.
            names = " atau ".join(ROLE_LABELS[r] for r in ROLES if r in exc.roles)
            return _error(request, 403, "Anda tidak memiliki akses ke operasi API ini; "
                                        f"perlu peran {names}.")
        return _error(request, 403, str(exc))

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        return _error(request, 403, "Token keamanan formulir (CSRF) tidak ada atau tidak "
                      "cocok. Muat ulang halaman lalu kirim lagi.")

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        # The message itself (it may quote the user's text, newlines and all); the problems
        # are listed apart.
        return _error(request, 400, str(exc.args[0]) if exc.args else "", exc.problems)

    @app.exception_handler(PantauError)
    async def _pantau(request: Request, exc: PantauError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        # Pantau raises no HTTPException of its own: these come from Starlette and FastAPI,
        # whose details are English ("Field exceeded maximum size of 1024KB.").
        status = exc.status_code
        if status == 400 and "maximum size" in str(exc.detail):
            status = 413  # a multipart field past Starlette's per-field limit
        messages = {400: "Formulir atau permintaan tidak dapat dibaca.",
                    404: "Halaman tidak ditemukan.", 405: "Metode tidak diizinkan.",
                    413: "Berkas atau data yang dikirim terlalu besar."}
        return _error(request, status, messages.get(status, "Permintaan tidak dapat diproses."))

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> Response:
        # A number typed into an address or a form past what a date or the database holds.
        return _error(request, 400, "Angka atau tanggal yang dikirim terlalu besar.")

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> Response:
        # PostgreSQL refuses a value its column cannot hold (an id past 2^31 - 1 in an
        # address, a NUL byte): the request's fault, answered as such, never a 500.
        return _error(request, 400, "Angka atau data yang dikirim di luar batas yang dapat "
                                    "disimpan.")

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database_unreachable(request: Request, exc: Exception) -> Response:
        # The database is stopped, restarting, its connection cut, or (SQLite) locked past
        # the wait: nothing of the request was stored; the user may send it again.
        log.error("database unreachable: %s", exc.__class__.__name__)
        response = _error(request, 503, "Basis data sedang tidak dapat dihubungi; tidak ada "
                                        "yang tersimpan. Coba kirim lagi sebentar lagi.")
        response.headers["Retry-After"] = "30"
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = [validation_problem(err) for err in exc.errors()]
        return _error(request, 422, "Data yang dikirim tidak lengkap atau tidak valid.",
                      problems)


def bare_app() -> FastAPI:
    """The app's route table without its state: every route, page and API, as served. The
    role-per-route test reads it without settings, config or database."""
    app = FastAPI(
        title="Pantau API",
        description="API Pantau untuk sistem pemerintahan lain: pemberitaan, koreksi sentimen, "
                    "Survei Kepuasan Masyarakat, indikator kinerja dan riwayat tugas.",
        version="1",
        docs_url=None,  # served below with Pantau's own copy of Swagger UI (no CDN)
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=DOCS_FILES), name="docs-assets")

    @app.get("/api/v1/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/v1/openapi.json", title="Pantau API: dokumentasi",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    for module in (auth, public, survey, media, review, followups, reports, plans, admin, api):
        app.include_router(module.router)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> HTMLResponse:
        return HTMLResponse("", status_code=204)

    return app


def create_app(config: PantauConfig | None = None) -> FastAPI:
    """Build the app from the current settings and `config` (default: the TOML config, read
    here once). Routes get the config from the app state (`pantau.web.deps.ConfigDep`)."""
    settings = get_settings()
    config = config or get_config()
    web_cfg = config.web
    home = settings.ensure_home()
    uploads_dir = home / "web-uploads"
    uploads_dir.mkdir(parents=True, exist_ok=True)

    app = bare_app()
    app.state.web = WebState(
        config=config,
        secret=load_secret_key(home),
        templates=make_templates(),
        submit_limiter=RateLimiter(web_cfg.public_submissions_per_minute, 60.0),
        login_limiter=RateLimiter(web_cfg.login_attempts_per_15min, 900.0),
        uploads_dir=uploads_dir,
    )
    _install_error_handlers(app)
    max_body = int(web_cfg.max_upload_mb * 1024 * 1024) + 64 * 1024
    app.add_middleware(GuardMiddleware, max_body=max_body)
    return app


def served_app() -> FastAPI:
    """The app as `pantau serve` runs it, built in each worker process: `create_app()` with
    the database engine opened and the ORM's mappers configured, then everything built so
    far frozen out of the cycle collector's reach (`gc.freeze()`).

    A worker holds about 220,000 objects after start-up (FastAPI, SQLAlchemy, and numpy,
    SciPy and scikit-learn through the domains). Each full pass of the collector walked them
    all, 130-500 ms on the loaded project machine, in which the worker answered nothing: that
    pause was the public form's p99 under load (issue 15). Frozen, a pass walks the few
    thousand objects made after start-up. Garbage is collected first, so what is frozen is
    what the process keeps to its end (modules, the app, the engine)."""
    app = create_app()
    get_engine()
    configure_mappers()
    gc.collect()
    gc.freeze()
    return app
