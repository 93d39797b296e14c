"""Shared helpers for the web tests (imported by the other test_web_* modules).

Users are created with one password hash computed once per process (argon2 is slow on
purpose) and logged in by creating their session directly; the login form itself is
tested in test_web_security."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pantau.db import session_scope
from web.deps import SESSION_COOKIE
from web.models import ROLES, User
from web.security import hash_password, sign

PASSWORD = "rahasia-sekali-123"

UNITS_TOML = """
[institution]
name = "Kementerian Contoh"

[[survey.units]]
code = "loket"
name = "Loket Informasi Publik"
services = ["Permohonan informasi", "Pengaduan"]

[[survey.units]]
code = "ppid"
name = "PPID Pusat"
"""


@lru_cache(maxsize=1)
def password_hash() -> str:
    return hash_password(PASSWORD)


def add_user(username: str, role: str, *, active: bool = True, full_name: str = "") -> None:
    with session_scope() as s:
        s.add(User(username=username, role=role, active=active, full_name=full_name,
                   password_hash=password_hash()))


def login_token(username: str, hours: int = 12) -> str:
    from web.users import get_user, start_session

    with session_scope() as s:
        return start_session(s, get_user(s, username), hours)


class WebClient(TestClient):
    """A TestClient that knows its CSRF token (computed like the app does)."""

    csrf: str = ""

    def form(self, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        payload = dict(data or {})
        payload.setdefault("csrf_token", self.csrf)
        kw.setdefault("follow_redirects", False)
        return self.post(url, data=payload, **kw)


@pytest.fixture
def web_config(write_config: Callable[[str], Any]) -> str:
    write_config(UNITS_TOML)
    return UNITS_TOML


@pytest.fixture
def app(web_config: str) -> Any:
    from web.app import create_app

    return create_app()


@pytest.fixture
def anon(app: Any) -> Iterator[WebClient]:
    with WebClient(app) as client:
        page = client.get("/masuk")
        client.csrf = _csrf_from(page.text)
        yield client


def _csrf_from(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


@pytest.fixture
def login(app: Any) -> Iterator[Callable[[str], WebClient]]:
    """`login(role)` -> a client logged in as a fresh user with that role."""
    clients: list[WebClient] = []

    def _login(role: str, username: str | None = None) -> WebClient:
        assert role in ROLES
        name = username or f"user_{role}"
        add_user(name, role, full_name=f"Pengguna {role}")
        token = login_token(name)
        client = WebClient(app)
        client.__enter__()
        client.cookies.set(SESSION_COOKIE, token)
        client.csrf = sign(app.state.web.secret, "csrf-session", token)
        clients.append(client)
        return client

    yield _login
    for c in clients:
        c.__exit__(None, None, None)


def seed_mentions(n: int = 3, *, title: str | None = None) -> dict[str, Any]:
    """A profile, a source, `n` mentions (the last two copies of one story), their matches
    and model labels. Returns the ids."""
    from collectors.models import Match, Mention, Profile, Source
    from sentiment.models import SentimentLabel

    with session_scope() as s:
        profile = Profile(name="kemensos", query='"Kementerian Sosial"')
        source = Source(name="Antara RSS", kind="rss", url="http://127.0.0.1/rss",
                        media_type="online")
        s.add(profile)
        s.add(source)
        s.flush()
        mention_ids, match_ids = [], []
        tones = ["negatif", "positif", "netral"]
        for i in range(n):
            m = Mention(url_key=f"http://contoh.id/berita-{i}", url=f"http://contoh.id/berita-{i}",
                        title=title if (title and i == 0) else f"Berita bansos nomor {i}",
                        text=f"Kementerian Sosial menyalurkan bantuan. Paragraf {i}.",
                        outlet="Antara" if i % 2 == 0 else "Kompas", media_type="online",
                        published_at=datetime.now(UTC), source_id=source.id,
                        content_hash=f"h{i}")
            s.add(m)
            s.flush()
            m.duplicate_group = mention_ids[-1] if (i == n - 1 and n > 1) else m.id
            mention_ids.append(m.id)
            match = Match(mention_id=m.id or 0, profile_id=profile.id or 0,
                          matched_terms=["Kementerian Sosial"],
                          passages=[f"Kementerian Sosial menyalurkan bantuan {i}."])
            s.add(match)
            s.flush()
            match_ids.append(match.id)
            s.add(SentimentLabel(match_id=match.id or 0, model_label=tones[i % 3],
                                 model_score=0.8, model_name="uji",
                                 evidence=[{"passage": f"Kalimat bukti {i}",
                                            "label": tones[i % 3], "score": 0.8}]))
        return {"profile_id": profile.id, "source_id": source.id,
                "mention_ids": mention_ids, "match_ids": match_ids}
