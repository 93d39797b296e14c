"""Security of the web app: login and sessions, cookies, CSRF, the role check on every
route (a test per role x route), escaping, upload limits, headers, logs."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

from pantau.web.deps import SESSION_COOKIE
from pantau.web.models import ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN, ROLES
from tests.web.helpers import PASSWORD, WebClient, add_user, seed_mentions

# ---------------------------------------------------------------- login and sessions


def test_healthz_is_bare(anon: WebClient) -> None:
    r = anon.get("/healthz")
    assert r.status_code == 200 and r.text == "ok"


def test_login_sets_a_safe_session_cookie_and_logout_ends_it(anon: WebClient) -> None:
    add_user("rina", ANALIS)
    r = anon.post("/masuk", data={"username": "rina", "password": PASSWORD,
                                  "csrf_token": anon.csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dasbor"
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert anon.get("/dasbor").status_code == 200
    page = anon.get("/dasbor").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]  # type: ignore[index]
    r = anon.post("/keluar", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert anon.get("/dasbor", follow_redirects=False).status_code == 303


def test_secure_cookie_behind_https_proxy(write_config: Any) -> None:
    from pantau.web.app import create_app
    from tests.web.helpers import UNITS_TOML

    write_config(UNITS_TOML + "\n[web]\ntrust_proxy_headers = true\n")
    add_user("rina", ANALIS)
    with WebClient(create_app()) as c:
        page = c.get("/masuk", headers={"x-forwarded-proto": "https"})
        assert "Secure" in page.headers["set-cookie"]
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]  # type: ignore[index]
        c.cookies.set("pantau_anon", page.cookies["pantau_anon"])
        r = c.post("/masuk", data={"username": "rina", "password": PASSWORD, "csrf_token": csrf},
                   headers={"x-forwarded-proto": "https"}, follow_redirects=False)
        assert r.status_code == 303
        assert "Secure" in r.headers["set-cookie"]


def test_wrong_password_and_inactive_user_are_refused(anon: WebClient) -> None:
    add_user("rina", ANALIS)
    add_user("budi", ANALIS, active=False)
    for user, pw in (("rina", "salah-salah-salah"), ("budi", PASSWORD), ("siapa", PASSWORD)):
        r = anon.post("/masuk", data={"username": user, "password": pw,
                                      "csrf_token": anon.csrf}, follow_redirects=False)
        assert r.status_code == 401
        assert "Nama pengguna atau kata sandi salah" in r.text


def test_login_without_csrf_token_is_refused(anon: WebClient) -> None:
    add_user("rina", ANALIS)
    r = anon.post("/masuk", data={"username": "rina", "password": PASSWORD})
    assert r.status_code == 403
    assert "Token keamanan formulir (CSRF)" in r.text


def test_failed_logins_are_rate_limited(write_config: Any) -> None:
    from pantau.web.app import create_app
    from tests.web.helpers import UNITS_TOML

    write_config(UNITS_TOML + "\n[web]\nlogin_attempts_per_15min = 3\n")
    add_user("rina", ANALIS)
    with WebClient(create_app()) as c:
        csrf = re.search(r'name="csrf_token" value="([^"]+)"',  # type: ignore[index]
                         c.get("/masuk").text)[1]
        codes = [c.post("/masuk", data={"username": "rina", "password": "salah-salah-x",
                                        "csrf_token": csrf}).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        r = c.post("/masuk", data={"username": "rina", "password": PASSWORD,
                                   "csrf_token": csrf})
        assert r.status_code == 429 and "Terlalu banyak percobaan" in r.text


def test_next_parameter_cannot_redirect_off_site(anon: WebClient) -> None:
    add_user("rina", ANALIS)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil"):
        r = anon.post("/masuk", data={"username": "rina", "password": PASSWORD,
                                      "next": target, "csrf_token": anon.csrf},
                      follow_redirects=False)
        assert r.headers["location"] == "/dasbor"
        anon.cookies.delete(SESSION_COOKIE)


def test_login_required_redirects_to_login_with_next(anon: WebClient) -> None:
    r = anon.get("/media?nada=negatif", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/masuk?next=%2Fmedia%3Fnada%3Dnegatif"


def test_deactivated_user_loses_open_sessions(login: Any) -> None:
    from pantau.core.db import session_scope
    from pantau.web.users import update_user

    client = login(ANALIS, "rina")
    assert client.get("/dasbor").status_code == 200
    with session_scope() as s:
        update_user(s, username="rina", active=False, actor="admin")
    assert client.get("/dasbor", follow_redirects=False).status_code == 303


# ---------------------------------------------------------------- CSRF


@pytest.mark.parametrize("token", [None, "", "palsu", "other-session"])
def test_csrf_missing_or_wrong_is_refused_with_indonesian_message(
        login: Any, token: str | None) -> None:
    ids = seed_mentions(1)
    client = login(ANALIS)
    other = login(ANALIS, "lain")
    data: dict[str, Any] = {"label": "positif", "match_ids": ids["match_ids"][0]}
    if token == "other-session":
        data["csrf_token"] = other.csrf
    elif token is not None:
        data["csrf_token"] = token
    r = client.post("/media/koreksi", data=data, follow_redirects=False)
    assert r.status_code == 403
    assert "Token keamanan formulir (CSRF) tidak ada atau tidak cocok" in r.text


def test_csrf_header_works_for_session_api_calls(login: Any) -> None:
    ids = seed_mentions(1)
    client = login(ANALIS)
    body = {"match_ids": ids["match_ids"], "label": "positif"}
    assert client.post("/api/v1/tone-corrections", json=body).status_code == 403
    r = client.post("/api/v1/tone-corrections", json=body,
                    headers={"x-csrf-token": client.csrf})
    assert r.status_code == 200, r.text


# ---------------------------------------------------------------- roles on every route

# The intent, written by hand: who may use each route of the app. The route table is read
# from the app itself, so a route added without a line here fails
# `test_every_route_of_the_app_has_a_rule`.
PUBLIC = None
ALL = frozenset(ROLES)
READERS = frozenset({ADMIN, ANALIS, PIMPINAN})
ANALYSTS = frozenset({ADMIN, ANALIS})
OFFICERS = frozenset({ADMIN, PETUGAS_SURVEI})
ADMINS = frozenset({ADMIN})
INTENT: dict[tuple[str, str], frozenset[str] | None] = {
    # public: the public questionnaire, login, health, static files, the API's description
    ("GET", "/"): PUBLIC, ("GET", "/masuk"): PUBLIC, ("POST", "/masuk"): PUBLIC,
    ("GET", "/healthz"): PUBLIC, ("GET", "/favicon.ico"): PUBLIC, ("*", "/static"): PUBLIC,
    ("GET", "/api/v1/openapi.json"): PUBLIC, ("GET", "/api/v1/docs"): PUBLIC,
    ("GET", "/survei"): PUBLIC,
    ("GET", "/survei/{code}"): PUBLIC, ("POST", "/survei/{code}"): PUBLIC,
    ("GET", "/survei/{code}/terima-kasih"): PUBLIC, ("GET", "/survei/{code}/qr.svg"): PUBLIC,
    ("GET", "/survei/{code}/qr.png"): PUBLIC,
    ("POST", "/keluar"): ALL,
    # survey
    ("GET", "/skm"): ALL, ("GET", "/skm/hasil"): ALL, ("GET", "/skm/laporan"): ALL,
    ("GET", "/skm/qr/{code}"): ALL, ("GET", "/skm/templat"): ALL,
    ("GET", "/skm/unggah"): OFFICERS, ("POST", "/skm/unggah"): OFFICERS,
    ("POST", "/skm/unggah/{upload_id}/simpan"): OFFICERS,
    ("POST", "/skm/unggah/{upload_id}/batal"): OFFICERS,
    ("GET", "/skm/impor"): OFFICERS, ("POST", "/skm/impor/{batch_id}/hapus"): OFFICERS,
    ("GET", "/skm/unggah/{upload_id}/ditolak.csv"): OFFICERS,
    ("*", "/api/v1/docs/aset"): PUBLIC,
    ("GET", "/skm/tindak-lanjut"): ALL, ("POST", "/skm/tindak-lanjut"): OFFICERS,
    ("POST", "/skm/tindak-lanjut/{followup_id}"): OFFICERS,
    ("POST", "/skm/tindak-lanjut/{followup_id}/hapus"): OFFICERS,
    # media
    ("GET", "/dasbor"): READERS, ("GET", "/media"): READERS,
    ("GET", "/media/laporan"): READERS, ("GET", "/media/{mention_id}"): READERS,
    ("POST", "/media/koreksi"): ANALYSTS, ("GET", "/media/ekspor"): READERS,
    ("GET", "/media/{mention_id}/kliping"): READERS, ("GET", "/media/narasumber"): READERS,
    ("GET", "/api/v1/people"): READERS, ("GET", "/api/v1/share-of-voice"): READERS,
    # review queue and audit of labels
    ("GET", "/tinjau"): READERS, ("POST", "/tinjau/putuskan"): ANALYSTS,
    ("POST", "/tinjau/audit"): ANALYSTS,
    # follow-up of negative news
    ("GET", "/tindak-lanjut"): READERS, ("POST", "/tindak-lanjut/{mention_id}"): ANALYSTS,
    ("GET", "/laporan"): READERS, ("POST", "/laporan/analisis"): ANALYSTS,
    ("GET", "/api/v1/followups"): READERS, ("PUT", "/api/v1/followups/{mention_id}"): ANALYSTS,
    # plans and indicators
    ("GET", "/rencana"): READERS, ("GET", "/rencana/ekspor"): READERS,
    ("GET", "/rencana/tren"): READERS,
    ("GET", "/rencana/{plan_id}/unduh"): READERS,
    ("POST", "/rencana/nilai"): ANALYSTS, ("POST", "/rencana/impor"): ANALYSTS,
    # admin
    ("GET", "/admin"): ADMINS, ("GET", "/admin/pengguna"): ADMINS,
    ("POST", "/admin/pengguna"): ADMINS, ("POST", "/admin/pengguna/{username}"): ADMINS,
    ("POST", "/admin/token"): ADMINS, ("POST", "/admin/token/{token_id}/cabut"): ADMINS,
    ("GET", "/admin/profil"): ADMINS,
    ("GET", "/admin/jadwal"): ADMINS, ("GET", "/admin/audit"): ADMINS,
    ("GET", "/admin/audit/unduh"): ADMINS,
    # JSON API
    ("GET", "/api/v1/saya"): ALL, ("GET", "/api/v1/mentions"): READERS,
    ("GET", "/api/v1/mentions/{mention_id}"): READERS,
    ("POST", "/api/v1/tone-corrections"): ANALYSTS, ("GET", "/api/v1/dashboard"): READERS,
    ("GET", "/api/v1/survey/units"): ALL, ("POST", "/api/v1/survey/{unit}/responses"): OFFICERS,
    ("POST", "/api/v1/survey/uploads"): OFFICERS, ("GET", "/api/v1/survey/score"): ALL,
    ("GET", "/api/v1/indicators"): READERS,
    ("POST", "/api/v1/indicators/{indicator_id}/values"): ANALYSTS,
    ("GET", "/api/v1/jobs"): ADMINS, ("GET", "/api/v1/users"): ADMINS,
}
SAMPLE_PARAMS = {"mention_id": "1", "code": "loket", "upload_id": "x" * 24, "plan_id": "1",
                 "username": "someone", "unit": "loket", "indicator_id": "1",
                 "followup_id": "1", "batch_id": "1", "token_id": "1"}


def _walk(routes: list[Any], prefix: str = "") -> Any:
    from fastapi.routing import APIRoute
    from starlette.routing import Mount, Route

    for route in routes:
        if hasattr(route, "original_router"):  # a router included by the app
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute):
            roles = None
            for dep in route.dependant.dependencies:
                roles = getattr(dep.call, "roles", roles)
            for method in sorted(route.methods - {"HEAD"}):
                yield method, prefix + route.path, roles
        elif isinstance(route, Route):
            for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
                yield method, prefix + route.path, None
        elif isinstance(route, Mount):
            yield "*", prefix + route.path, None
        else:
            raise AssertionError(f"unknown kind of route: {route!r}")


def app_routes() -> list[tuple[str, str, frozenset[str] | None]]:
    """(method, path, roles) of every route of the app, read from its route table; roles
    None when the route has no role check."""
    from pantau.web.app import bare_app

    return list(_walk(bare_app().routes))


ROUTES = app_routes()
PROTECTED = [(m, p, r) for m, p, r in ROUTES if r is not None]


def test_every_route_of_the_app_has_a_rule() -> None:
    declared = {(m, p): r for m, p, r in ROUTES}
    missing = sorted(set(declared) - set(INTENT))
    assert not missing, f"routes without a rule in INTENT (who may use them?): {missing}"
    gone = sorted(set(INTENT) - set(declared))
    assert not gone, f"rules for routes that no longer exist: {gone}"


def test_every_route_has_the_roles_its_rule_names() -> None:
    wrong = {(m, p): (sorted(roles) if roles else "public",
                      sorted(INTENT[m, p] or []) or "public")
             for m, p, roles in ROUTES if (m, p) in INTENT and INTENT[m, p] != roles}
    assert not wrong, f"(declared, intended): {wrong}"
    assert len(PROTECTED) >= 30


def test_pimpinan_changes_nothing() -> None:
    for method, path, roles in PROTECTED:
        if method != "GET" and path != "/keluar":
            assert PIMPINAN not in roles, path


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PARAMS[m[1]], path)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "roles"), PROTECTED,
                         ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_role_per_route(login: Any, role: str, method: str, path: str,
                        roles: frozenset[str]) -> None:
    client = login(role)
    url = _url(path)
    if method == "GET":
        r = client.get(url, follow_redirects=False)
    elif path.startswith("/api/"):
        r = client.request(method, url, json={}, headers={"x-csrf-token": client.csrf},
                           follow_redirects=False)
    else:
        r = client.form(url, {})
    if role in roles:
        assert r.status_code != 403, r.text[:300]
        assert r.status_code < 500, r.text[:300]
        if path != "/keluar":
            assert not r.headers.get("location", "").startswith("/masuk")
    else:
        assert r.status_code == 403
        assert "tidak memiliki akses" in r.text


@pytest.mark.parametrize(("method", "path", "roles"), PROTECTED,
                         ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_anonymous_is_sent_to_login(anon: WebClient, method: str, path: str,
                                    roles: frozenset[str]) -> None:
    r = anon.request(method, _url(path), follow_redirects=False)
    if path.startswith("/api/"):
        assert r.status_code == 401
    else:
        assert r.status_code == 303 and r.headers["location"].startswith("/masuk?next=")


def test_api_token_auth(login: Any, anon: WebClient) -> None:
    from pantau.core.db import session_scope
    from pantau.web.users import create_api_token

    add_user("sakip", PIMPINAN)
    with session_scope() as s:
        token = create_api_token(s, username="sakip", name="SAKIP", actor="admin")
    auth = {"authorization": f"Bearer {token}"}
    assert anon.get("/api/v1/saya", headers=auth).json()["role"] == PIMPINAN
    assert anon.get("/api/v1/saya", headers={"authorization": "Bearer palsu"}).status_code == 401
    r = anon.post("/api/v1/tone-corrections", json={"match_ids": [1], "label": "positif"},
                  headers=auth)
    assert r.status_code == 403


# ---------------------------------------------------------------- escaping and headers

SCRIPT = '<script>alert("x")</script>'


def test_mention_title_is_escaped(login: Any) -> None:
    ids = seed_mentions(2, title=SCRIPT)
    client = login(ANALIS)
    for url in ("/media", f"/media/{ids['mention_ids'][0]}"):
        html = client.get(url).text
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_security_headers(anon: WebClient) -> None:
    r = anon.get("/masuk")
    assert r.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_no_passwords_or_tokens_in_logs(anon: WebClient, caplog: Any,
                                        cli_runner: Any) -> None:
    caplog.set_level(logging.DEBUG)
    cli_runner(["user", "create", "adminku", "--role", "admin", "--password-stdin"],
               input=PASSWORD + "\n")
    r = anon.post("/masuk", data={"username": "adminku", "password": PASSWORD,
                                  "csrf_token": anon.csrf}, follow_redirects=False)
    token = r.cookies[SESSION_COOKIE]
    assert PASSWORD not in caplog.text and token not in caplog.text


def test_secret_key_is_generated_once_with_private_mode(pantau_env: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from pantau.web.config import SECRET_FILE, load_secret_key

    monkeypatch.delenv("PANTAU_WEB_SECRET_KEY", raising=False)
    first = load_secret_key(pantau_env)
    path = pantau_env / SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_secret_key(pantau_env) == first and len(first) >= 48
    monkeypatch.setenv("PANTAU_WEB_SECRET_KEY", "dari-lingkungan")
    assert load_secret_key(pantau_env) == b"dari-lingkungan"


def test_form_token_is_bound_to_unit_and_time() -> None:
    from pantau.web.security import check_form_token, issue_form_token

    key = b"k" * 32
    token = issue_form_token(key, "loket", now=1000.0)
    assert check_form_token(key, "loket", token, 3600, now=1100.0)[0]
    assert check_form_token(key, "ppid", token, 3600, now=1100.0) == (None, "invalid")
    assert check_form_token(key, "loket", token, 3600, now=99999.0) == (None, "expired")
    assert check_form_token(b"x" * 32, "loket", token, 3600, now=1100.0) == (None, "invalid")
    nonce, issued, sig = token.split(".")
    forged = f"{nonce}.{int(issued) + 50}.{sig}"
    assert check_form_token(key, "loket", forged, 3600, now=1100.0) == (None, "invalid")


def test_rate_limiter_window() -> None:
    from pantau.web.ratelimit import RateLimiter

    limiter = RateLimiter(2, 60.0)
    assert limiter.allow("a", now=0) and limiter.allow("a", now=1)
    assert not limiter.allow("a", now=2) and limiter.allow("b", now=2)
    assert limiter.allow("a", now=61)  # the first hit left the window
    assert RateLimiter(0, 60.0).allow("a", now=0)  # 0 disables
