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
        update_user(s, username="rina", active=False)
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

PUBLIC = {
    ("GET", "/"), ("GET", "/masuk"), ("POST", "/masuk"), ("GET", "/healthz"),
    ("GET", "/favicon.ico"), ("GET", "/survei/{code}"), ("POST", "/survei/{code}"),
    ("GET", "/survei/{code}/terima-kasih"), ("GET", "/survei/{code}/qr.svg"),
    ("GET", "/survei/{code}/qr.png"),
}
SAMPLE_PARAMS = {"mention_id": "1", "code": "loket", "upload_id": "x" * 24, "plan_id": "1",
                 "username": "someone", "unit": "loket", "indicator_id": "1"}


def all_routes() -> list[tuple[str, str, frozenset[str] | None]]:
    """(method, path, roles) of every route of the app; roles None when public."""
    from pantau.web.routes import (
        admin,
        api,
        auth,
        followups,
        media,
        plans,
        public,
        review,
        survey,
    )

    found = []
    for module in (auth, public, survey, media, review, followups, plans, admin, api):
        for route in module.router.routes:
            roles = None
            for dep in route.dependant.dependencies:  # type: ignore[attr-defined]
                roles = getattr(dep.call, "roles", roles)
            for method in sorted(route.methods - {"HEAD"}):  # type: ignore[attr-defined]
                found.append((method, route.path, roles))  # type: ignore[attr-defined]
    return found


ROUTES = all_routes()
PROTECTED = [(m, p, r) for m, p, r in ROUTES if r is not None]


def test_every_route_is_public_by_intent_or_has_the_role_check() -> None:
    unchecked = {(m, p) for m, p, r in ROUTES if r is None}
    assert unchecked == PUBLIC - {("GET", "/healthz"), ("GET", "/favicon.ico")}
    assert len(PROTECTED) >= 30


# The intent, written by hand: who may do what.
EXPECTED = {
    ("GET", "/dasbor"): {ADMIN, ANALIS, PIMPINAN},
    ("POST", "/media/koreksi"): {ADMIN, ANALIS},
    ("GET", "/media"): {ADMIN, ANALIS, PIMPINAN},
    ("GET", "/tinjau"): {ADMIN, ANALIS, PIMPINAN},
    ("POST", "/tinjau/putuskan"): {ADMIN, ANALIS},
    ("POST", "/tinjau/audit"): {ADMIN, ANALIS},
    ("GET", "/media/ekspor"): {ADMIN, ANALIS, PIMPINAN},
    ("GET", "/tindak-lanjut"): {ADMIN, ANALIS, PIMPINAN},
    ("POST", "/tindak-lanjut/{mention_id}"): {ADMIN, ANALIS},
    ("GET", "/api/v1/followups"): {ADMIN, ANALIS, PIMPINAN},
    ("PUT", "/api/v1/followups/{mention_id}"): {ADMIN, ANALIS},
    ("POST", "/skm/unggah"): {ADMIN, PETUGAS_SURVEI},
    ("GET", "/skm/hasil"): set(ROLES),
    ("POST", "/rencana/nilai"): {ADMIN, ANALIS},
    ("GET", "/rencana"): {ADMIN, ANALIS, PIMPINAN},
    ("GET", "/admin/pengguna"): {ADMIN},
    ("POST", "/admin/pengguna"): {ADMIN},
    ("GET", "/admin/jadwal"): {ADMIN},
    ("POST", "/api/v1/tone-corrections"): {ADMIN, ANALIS},
    ("POST", "/api/v1/survey/{unit}/responses"): {ADMIN, PETUGAS_SURVEI},
    ("GET", "/api/v1/users"): {ADMIN},
}


def test_role_sets_match_the_intended_permissions() -> None:
    declared = {(m, p): set(r) for m, p, r in PROTECTED}
    for key, roles in EXPECTED.items():
        assert declared[key] == roles, key
    # Pimpinan is read-only: no write route admits it.
    for (method, path), roles in declared.items():
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
        token = create_api_token(s, username="sakip", name="SAKIP")
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
