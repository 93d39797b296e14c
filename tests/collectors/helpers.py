# ruff: noqa: E501  (fixture payloads)
"""A local HTTP server for the collectors tests: the fixture feeds and pages, pages that
misbehave on purpose, and fakes of the social APIs answering their documented JSON; the
check that every match carries its mention's publication time; and stories collected by a
real store around a real regrouping (`collect_across_a_regrouping`)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select, update
from sqlmodel import Session, col

from collectors.config import CollectConfig
from collectors.localserver import LocalServer, send
from collectors.models import Match, Mention, Profile
from collectors.query import parse_query
from collectors.sources.base import Item
from collectors.store import MentionStore, ProfileMatcher, regroup_duplicates
from collectors.urls import url_key
from pantau.core.db import session_scope

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_SITE = Path(__file__).parents[2] / "collectors" / "sample" / "site"
# The fixture feeds link to /pages/<name>; those article pages are the bundled demo site's.
SAMPLE_PAGES = {
    "warta-pkh.html": "warta/berita/2026/11/bansos-pkh-tahap-empat-cair.html",
    "kabar-pkh-salinan.html": "kabar/berita/2026/11/bansos-pkh-tahap-empat-cair-salinan.html",
    "kabar-dinsos-kota.html": "kabar/berita/2026/11/dinas-sosial-kota-bandung-razia.html",
    "sinar-dtks.html": "sinar/berita/2026/11/dtks-data-ganda-temuan-bpk.html",
    "sinar-kemenkes.html": "sinar/berita/2026/11/menkes-vaksinasi-campak.html",
    "suara-bpnt.html": "suara/berita/2026/11/penyaluran-bpnt-terlambat-ntt.html",
}
HTML = {"Content-Type": "text/html; charset=utf-8"}
JSON = {"Content-Type": "application/json; charset=utf-8"}

LATIN1_PAGE = """<html><head><title>Mensos Kunjungi Panti Werdha</title>
<meta property="og:site_name" content="Kabar Ibu Kota"></head><body><article>
<h1>Mensos Kunjungi Panti Werdha</h1>
<p>BOGOR — Menteri Sosial mengunjungi panti werdha di Bogor dan menyapa para lansia satu per satu.</p>
<p>Kunjungan itu disambut hangat oleh para penghuni panti, termasuk Ibu Renée yang berusia 90 tahun.</p>
<p>Mensos menjanjikan perbaikan fasilitas panti dan penambahan tenaga pendamping lansia tahun depan.</p>
<p>Pengelola panti mengatakan bantuan dari Kementerian Sosial sangat membantu operasional sehari-hari.</p>
</article></body></html>"""

CP1252_FEED = """<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0"><channel><title>Koran Daerah</title>
<item><title>Kemensos Salurkan Bantuan “Sembako” ke Panti</title>
<link>http://127.0.0.1/contoh</link><pubDate>Mon, 02 Nov 2026 08:15:00 +0700</pubDate>
<description>Bantuan senilai Rp5 juta – diterima pengelola panti.</description></item>
</channel></rss>""".encode("cp1252")


def _json(handler: BaseHTTPRequestHandler, data: object, status: int = 200) -> None:
    send(handler, status, json.dumps(data).encode(), JSON)


def _auth(handler: BaseHTTPRequestHandler) -> str:
    return handler.headers.get("Authorization") or ""


def mastodon_status(sid: str, text: str, acct: str = "warga@mastodon.social") -> dict:
    return {"id": sid, "created_at": "2026-11-04T03:12:00.000Z", "visibility": "public",
            "language": "id", "uri": f"https://mastodon.social/users/warga/statuses/{sid}",
            "url": f"https://mastodon.social/@warga/{sid}", "content": f"<p>{text}</p>",
            "reblog": None, "favourites_count": 3, "reblogs_count": 1,
            "account": {"id": "1", "username": "warga", "acct": acct,
                        "display_name": "Warga"}}


def make_server() -> LocalServer:
    server = LocalServer(FIXTURES)
    r = server.routes

    def error500(h: BaseHTTPRequestHandler) -> None:
        send(h, 500, b"<html><body>Internal Server Error</body></html>", HTML)

    def slow_page(h: BaseHTTPRequestHandler) -> None:
        time.sleep(3)
        send(h, 200, b"<html><body>terlambat</body></html>", HTML)

    def slow_body(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        try:
            for _ in range(30):
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def huge(h: BaseHTTPRequestHandler) -> None:
        body = b"<html><body><article>" + (b"<p>Kemensos " + b"x" * 1000 + b"</p>") * 3000
        send(h, 200, body + b"</article></body></html>", HTML)

    def loop(h: BaseHTTPRequestHandler) -> None:
        target = "/putar2.html" if urlsplit(h.path).path == "/putar.html" else "/putar.html"
        send(h, 302, b"", {"Location": target})

    def latin1(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, LATIN1_PAGE.encode("utf-8"), {"Content-Type": "text/html; charset=iso-8859-1"})

    def gn_redirect(h: BaseHTTPRequestHandler) -> None:
        send(h, 302, b"", {"Location": "/pages/suara-bpnt.html?utm_source=googlenews"})

    def sample_page(h: BaseHTTPRequestHandler) -> None:
        name = urlsplit(h.path).path.removeprefix("/pages/")
        send(h, 200, (SAMPLE_SITE / SAMPLE_PAGES[name]).read_bytes(), HTML)

    def cp1252_feed(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, CP1252_FEED, {"Content-Type": "application/rss+xml"})

    def gn_search(h: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlsplit(h.path).query)
        assert query.get("hl") == ["id"] and query.get("ceid") == ["ID:id"]
        server.hits["gn:" + query["q"][0]] += 1
        send(h, 200, server._static("google-news.xml") or b"", {"Content-Type": "application/xml"})

    # Mastodon
    def mastodon_tag(h: BaseHTTPRequestHandler) -> None:
        _json(h, [mastodon_status("1001", "Terima kasih Kemensos, bantuan untuk korban banjir "
                                          "sudah sampai. #kemensos"),
                  mastodon_status("1002", "Cuaca cerah hari ini #kemensos")])

    def mastodon_search(h: BaseHTTPRequestHandler) -> None:
        if not _auth(h).startswith("Bearer "):
            _json(h, {"error": "The access token is invalid"}, 401)
            return
        _json(h, {"accounts": [], "hashtags": [], "statuses": [
            mastodon_status("1003", "Kementerian Sosial lamban tangani pengungsi.")]})

    # Reddit
    def reddit_token(h: BaseHTTPRequestHandler) -> None:
        if not _auth(h).startswith("Basic "):
            _json(h, {"error": 401}, 401)
            return
        _json(h, {"access_token": "tok-reddit", "token_type": "bearer", "expires_in": 86400,
                  "scope": "*"})

    def reddit_search(h: BaseHTTPRequestHandler) -> None:
        if _auth(h) != "bearer tok-reddit":
            _json(h, {"message": "Unauthorized", "error": 401}, 401)
            return
        _json(h, {"kind": "Listing", "data": {"after": None, "dist": 1, "children": [
            {"kind": "t3", "data": {
                "id": "1abcde", "name": "t3_1abcde", "title": "Pengalaman urus bansos di Kemensos",
                "selftext": "Prosesnya cepat, petugas Kemensos ramah.", "author": "budi_id",
                "subreddit": "indonesia", "subreddit_name_prefixed": "r/indonesia",
                "permalink": "/r/indonesia/comments/1abcde/pengalaman_urus_bansos/",
                "url": "https://www.reddit.com/r/indonesia/comments/1abcde/",
                "created_utc": 1762400000.0, "score": 42, "num_comments": 7}}]}})

    # YouTube
    def yt_search(h: BaseHTTPRequestHandler) -> None:
        q = parse_qs(urlsplit(h.path).query)
        if q.get("key") != ["yt-key"]:
            _json(h, {"error": {"code": 400, "message": "API key not valid."}}, 400)
            return
        _json(h, {"kind": "youtube#searchListResponse", "items": [
            {"kind": "youtube#searchResult", "id": {"kind": "youtube#video", "videoId": "vid123"},
             "snippet": {"publishedAt": "2026-11-04T01:00:00Z", "title": "Mensos tinjau banjir Demak",
                         "channelTitle": "Kanal Berita"}}]})

    def yt_comments(h: BaseHTTPRequestHandler) -> None:
        q = parse_qs(urlsplit(h.path).query)
        assert q.get("videoId") == ["vid123"]
        _json(h, {"kind": "youtube#commentThreadListResponse", "items": [
            {"kind": "youtube#commentThread", "id": "Ugz1", "snippet": {
                "videoId": "vid123", "totalReplyCount": 0, "topLevelComment": {
                    "kind": "youtube#comment", "id": "Ugz1", "snippet": {
                        "videoId": "vid123", "textDisplay": "Mantap Kemensos, gerak cepat!",
                        "textOriginal": "Mantap Kemensos, gerak cepat!",
                        "authorDisplayName": "@sitinur", "likeCount": 5,
                        "publishedAt": "2026-11-04T02:00:00Z"}}}}]})

    # X
    def x_recent(h: BaseHTTPRequestHandler) -> None:
        if _auth(h) != "Bearer x-token":
            _json(h, {"title": "Unauthorized", "type": "about:blank", "status": 401,
                      "detail": "Unauthorized"}, 401)
            return
        _json(h, {"data": [{"id": "1850000000000000001", "text": "Kemensos kok lambat cairkan BPNT?",
                            "created_at": "2026-11-06T03:00:00.000Z", "author_id": "42",
                            "lang": "in", "edit_history_tweet_ids": ["1850000000000000001"]}],
                  "includes": {"users": [{"id": "42", "name": "Warga NTT", "username": "wargantt"}]},
                  "meta": {"newest_id": "1850000000000000001", "oldest_id": "1850000000000000001",
                           "result_count": 1}})

    r.update({
        "/error500.html": error500, "/lambat.html": slow_page, "/slow-feed.xml": slow_body,
        "/raksasa.html": huge, "/putar.html": loop, "/putar2.html": loop,
        "/latin1.html": latin1, "/gn/articles/CBMiXmh0dHBzOi8v": gn_redirect,
        "/feed-cp1252.xml": cp1252_feed, "/gn/rss/search": gn_search,
        "/mastodon/api/v1/timelines/tag/kemensos": mastodon_tag,
        "/mastodon/api/v2/search": mastodon_search,
        "/reddit/api/v1/access_token": reddit_token, "/reddit/search": reddit_search,
        "/youtube/search": yt_search, "/youtube/commentThreads": yt_comments,
        "/x/tweets/search/recent": x_recent,
    })
    r.update({f"/pages/{name}": sample_page for name in SAMPLE_PAGES})
    return server


def match_times(session: Any) -> list[tuple[int, datetime | None, datetime]]:
    """(match id, the match's copy of its mention's publication time, the mention's) of every
    stored match: the copy must equal the mention's time on every write path
    (`collectors.models.Match.published_at`)."""
    return [tuple(row) for row in session.execute(  # type: ignore[misc]
        select(Match.id, Match.published_at, Mention.published_at)
        .join(Mention, Mention.id == Match.mention_id).order_by(Match.id))]


def assert_match_times_copied(session: Any) -> int:
    """Every stored match carries its mention's time; returns how many matches there are
    (at least one: a check of nothing proves nothing)."""
    rows = match_times(session)
    assert rows, "no match stored"
    assert [r for r in rows if r[1] != r[2]] == []
    return len(rows)


# One news item in three texts, for stories grouped by SimHash (`collectors.dedup`):
# PKH_REPRINT is PKH under a dateline (0 bits apart: a copy at any distance); PKH_LONGER adds
# a paragraph (7 bits from both: another story at the default distance 3, the same story at
# WIDER).
PKH = ("Kementerian Sosial (Kemensos) mulai mencairkan bantuan sosial Program Keluarga Harapan "
       "(PKH) tahap keempat tahun 2026 kepada 10 juta keluarga penerima manfaat. Menteri Sosial "
       "mengatakan penyaluran dilakukan melalui bank Himbara dan PT Pos Indonesia agar bantuan "
       "dapat diterima tepat waktu menjelang akhir tahun. Menurut data Kemensos, nilai bantuan "
       "yang disalurkan pada tahap ini mencapai Rp7,1 triliun. Penyaluran ditargetkan rampung "
       "dalam dua pekan. Warga penerima di Kabupaten Bogor menyambut baik pencairan tersebut.")
PKH_REPRINT = "JAKARTA (Kabar Ibu Kota) - " + PKH
PKH_LONGER = PKH + " Bupati Bogor meminta camat mengawasi antrean di kantor pos."
WIDER = 8  # a near-duplicate distance (`near_duplicate_distance`) that joins all three


def collector(session: Session) -> MentionStore:
    """A collector's store at the default settings (distance 3), matching for the profile
    `kemensos` (made here if missing), which every PKH text matches."""
    profile = session.execute(
        select(Profile).where(col(Profile.name) == "kemensos")).scalars().first()
    if profile is None:
        profile = Profile(name="kemensos", query='Kemensos OR "Kementerian Sosial"')
        session.add(profile)
        session.commit()
    assert profile.id is not None
    return MentionStore(profiles=[ProfileMatcher(profile.id, profile.name,
                                                 parse_query(profile.query))],
                        cfg=CollectConfig())


def collect(store: MentionStore, text: str, *, outlet: str, published: datetime) -> int:
    """Store `text` as `outlet`'s article through `store` (as a collection run does); the
    new mention's id."""
    url = f"https://{outlet.lower().replace(' ', '-')}.example/berita/pkh"
    item = Item(url=url, title="Kemensos cairkan PKH", text=text, outlet=outlet,
                published_at=published)
    assert store.store(item, source_id=None, media_type="online") == "new"
    with session_scope() as session:
        return session.execute(select(col(Mention.id)).where(
            col(Mention.url_key) == url_key(url))).scalar_one()


@dataclass(frozen=True)
class Regrouped:
    """Stories collected around a regrouping (`collect_across_a_regrouping`)."""

    first: int  # stored first: its story bears its id, before the regrouping and after
    moved: int  # stored as a story of its own, joined to `first`'s story by the regrouping
    # A copy of `moved` stored after the regrouping by a collector started before it, as
    # collectors before December 2026 stored it (their duplicate index older than the
    # regrouping): its story bears `moved`'s id, and `moved` is not one of that story's
    # copies. Databases keep such rows; a collector now joins `first`'s story
    # (tests/collectors/test_stories.py).
    late: int


def collect_around_a_regrouping(session: Session) -> Regrouped:
    """Two stories collected, grouped again at a wider distance (`regroup_duplicates`, what
    `pantau mentions regroup` runs) while the collector runs on, which then stores a copy
    of the second, as the store does now: `late` joins `first`'s story.
    Published 10 November 2026: `moved` 07:00, `first` 08:00, `late` 12:00 UTC."""
    store = collector(session)
    first = collect(store, PKH_LONGER, outlet="Harian Contoh",
                    published=datetime(2026, 11, 10, 8, tzinfo=UTC))
    moved = collect(store, PKH, outlet="Warta Nusantara",
                    published=datetime(2026, 11, 10, 7, tzinfo=UTC))
    regroup_duplicates(session, max_distance=WIDER)
    session.commit()
    late = collect(store, PKH_REPRINT, outlet="Kabar Ibu Kota",
                   published=datetime(2026, 11, 10, 12, tzinfo=UTC))
    session.expire_all()
    return Regrouped(first, moved, late)


def collect_across_a_regrouping(session: Session) -> Regrouped:
    """`collect_around_a_regrouping`, with `late` left in the story its duplicate index
    knew, as collectors before December 2026 stored it (`Regrouped.late`)."""
    stored = collect_around_a_regrouping(session)
    session.execute(update(Mention).where(col(Mention.id) == stored.late)
                    .values(duplicate_group=stored.moved))
    session.commit()
    session.expire_all()
    return stored
