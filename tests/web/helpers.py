"""Shared helpers for the web tests (users, logged-in sessions, seeded mentions).

Users are created with one password hash computed once per process (argon2 is slow on
purpose) and logged in by creating their session directly; the login form itself is
tested in test_web_security."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import func, select

from pantau.core.db import session_scope
from pantau.web.models import User
from pantau.web.security import hash_password

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
    from pantau.web.users import get_user, start_session

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


# ---------------------------------------------------------------- survey

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def responses() -> int:
    """How many survey responses are stored."""
    from survey.models import Response

    with session_scope() as s:
        return int(s.exec(select(func.count()).select_from(Response)).one())


def filled(token: str, **extra: str) -> dict[str, str]:
    """A complete public form for the unit `loket` (answers 2, 3, 4, 1, ...)."""
    data = {f"u{i}": str(1 + i % 4) for i in range(1, 10)}
    data.update(token=token, jenis_kelamin="P", usia="29", pendidikan="D4/S1",
                pekerjaan="Swasta", jenis_layanan="Pengaduan", saran="Pelayanan ramah")
    data.update(extra)
    return data


def open_form(client: WebClient, unit: str = "loket") -> str:
    """Open a unit's public form; returns its one-time token."""
    r = client.get(f"/survei/{unit}")
    assert r.status_code == 200
    return TOKEN.search(r.text)[1]  # type: ignore[index]


def csv_file(rows: list[list[Any]] | None = None) -> bytes:
    """An officer's CSV (semicolons): four valid rows, or `rows`."""
    header = ["No", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan", "Jenis Layanan"]
    header += [f"U{i}" for i in range(1, 10)] + ["Saran"]
    body = rows if rows is not None else [
        [n, "L", 30 + n, "SMA", "PNS", "Pengaduan", *[2 + (n + i) % 3 for i in range(9)],
         "Baik"] for n in range(1, 5)]
    lines = [";".join(header)] + [";".join(str(c) for c in r) for r in body]
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(client: WebClient, data: bytes, name: str = "skm.csv", unit: str = "loket",
           period: str = "2026-TW1") -> Any:
    """Send a file to the officers' upload page (the preview comes back)."""
    return client.post("/skm/unggah", data={"unit": unit, "period": period,
                                            "csrf_token": client.csrf},
                       files={"file": (name, data, "text/csv")}, follow_redirects=False)


def mention_links(html: str) -> int:
    """How many links to a mention's page a page has."""
    return len(re.findall(r'href="/media/\d+', html))


# ---------------------------------------------------------------- browser tests

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "id-ID"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def screenshot(page: Any, name: str) -> None:
    """A full-page screenshot into test-artifacts/ (look at them)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def upload_in_browser(page: Any, base: str, path: Path, *, unit: str, period: str) -> None:
    """An officer sends `path` on the upload page (the preview comes back)."""
    page.goto(f"{base}/skm/unggah")
    page.fill("input[name=unit]", unit)
    page.fill("input[name=period]", period)
    page.set_input_files("input[name=file]", str(path))
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def login_in_browser(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/masuk")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
