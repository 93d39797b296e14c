"""Admin > Profil & sumber: the sources the daily run collects are the ones called active
(`collectors.api.source_statuses`), the demo's leftovers are marked, and source kinds are
shown in words (`collectors.api.source_kind_label`)."""

from __future__ import annotations

from html import unescape
from typing import Any

from sqlmodel import Session

from collectors.models import Source
from pantau.web.deps import SESSION_COOKIE
from pantau.web.security import sign
from tests.web.helpers import WebClient, add_user, login_token


def test_admin_sources_show_what_is_collected_and_kinds_in_words(
    write_config: Any, session: Session
) -> None:
    from pantau.web.app import create_app

    write_config("""
[[profiles]]
name = "kemensos"
query = 'Kemensos'

[[sources]]
name = "Antara (RSS)"
kind = "rss"
url = "http://127.0.0.1:9/rss.xml"
""")
    session.add(Source(name="Google News: Kementerian Sosial", kind="google_news",
                       url="http://127.0.0.1:43117/gnews/rss/search"))
    session.add(Source(name="Harian Sinar Pagi (sitemap)", kind="sitemap",
                       url="http://127.0.0.1:43117/sinar/sitemap-news.xml"))
    session.commit()
    app = create_app()
    add_user("admin_uji", "admin")
    token = login_token("admin_uji")
    with WebClient(app) as admin:
        admin.cookies.set(SESSION_COOKIE, token)
        admin.csrf = sign(app.state.web.secret, "csrf-session", token)
        page = unescape(admin.get("/admin/profil").text)
    rows = {row.split("</td>")[0].split(">")[-1]: row for row in page.split("<tr>")[1:]}
    assert "<td>Google News</td>" in rows["Google News: Kementerian Sosial"]
    assert "tidak: contoh demo" in rows["Google News: Kementerian Sosial"]
    assert "<td>Peta situs (sitemap)</td>" in rows["Harian Sinar Pagi (sitemap)"]
    assert "<td>RSS/Atom</td>" in rows["Antara (RSS)"]
    assert "<td>ya</td>" in rows["Antara (RSS)"]
    assert "google_news" not in page and ">sitemap<" not in page
