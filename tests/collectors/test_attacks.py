"""A feed with a `javascript:` link (issue 15): the item is skipped with a note, the rest of
the crawl is stored, and a feed whose articles failed is fetched in full next time."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any

from sqlmodel import select

from collectors.api import collect
from collectors.localserver import send
from collectors.models import Mention, Source
from pantau.config import get_config
from tests.collectors.helpers import LATIN1_PAGE, make_server

FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Warta</title>
<item><title>Klik di sini</title><link>javascript:alert(document.cookie)</link></item>
<item><title>Kemensos Cairkan Bansos PKH</title><link>{base}/pages/warta-pkh.html</link></item>
<item><link>{base}/kadang-gagal.html</link></item>
</channel></rss>"""


def test_javascript_link_skipped_and_failed_articles_retried(write_config: Any,
                                                             session: Any) -> None:
    with make_server() as server:
        calls = {"page": 0}

        def feed(h: BaseHTTPRequestHandler) -> None:
            if h.headers.get("If-None-Match") == '"v1"':
                send(h, 304, b"", {"ETag": '"v1"'})
                return
            send(h, 200, FEED.format(base=server.base).encode(),
                 {"Content-Type": "application/rss+xml", "ETag": '"v1"'})

        def flaky(h: BaseHTTPRequestHandler) -> None:
            calls["page"] += 1
            if calls["page"] == 1:
                send(h, 503, b"sibuk", {"Content-Type": "text/plain"})
            else:
                send(h, 200, LATIN1_PAGE.encode(), {"Content-Type": "text/html; charset=utf-8"})

        server.routes["/feed.xml"] = feed
        server.routes["/kadang-gagal.html"] = flaky
        write_config(f"""
[[profiles]]
name = "kemensos"
query = '"Menteri Sosial" OR Kemensos OR "Kementerian Sosial"'

[[sources]]
name = "Warta"
kind = "rss"
url = "{server.base}/feed.xml"

[collect]
retries = 0
""")
        first = collect(config=get_config())[0]
        assert "bukan http(s)" in first.note and "javascript:alert" in first.note
        urls = {m.url for m in session.exec(select(Mention)).all()}
        assert f"{server.base}/pages/warta-pkh.html" in urls
        assert first.errors == 1  # the flaky page, reported, not stored
        assert session.exec(select(Source)).one().etag is None

        second = collect(config=get_config())[0]
        assert "304" not in second.note
        session.expire_all()
        urls = {m.url for m in session.exec(select(Mention)).all()}
        assert f"{server.base}/kadang-gagal.html" in urls
        assert session.exec(select(Source)).one().etag == '"v1"'
