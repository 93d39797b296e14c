"""Instagram, Facebook, Threads and TikTok connectors against a local server that answers
with the documented JSON shapes: paging, comments, error bodies, missing credentials."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from pydantic import SecretStr

from collectors.config import CollectConfig, CollectorCredentials, SourceConfig
from collectors.http import FetchError, HttpClient
from collectors.localserver import LocalServer, send
from collectors.sources import SourceContext, connector_for

FAST = CollectConfig(timeout=2.0, retries=0, max_page_bytes=1_000_000)
TOKEN = "rahasia-token-meta"
JSON = {"Content-Type": "application/json"}


def _json(h: BaseHTTPRequestHandler, data: object, status: int = 200) -> None:
    send(h, status, json.dumps(data).encode(), JSON)


def _query(h: BaseHTTPRequestHandler) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}


def _authorised(h: BaseHTTPRequestHandler) -> bool:
    if h.headers.get("Authorization") != f"Bearer {TOKEN}" or "access_token" in h.path:
        _json(h, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                            "code": 190, "fbtrace_id": "A1"}}, 400)
        return False
    return True


def graph_routes(base: str) -> dict[str, Any]:
    def ig_media(h: BaseHTTPRequestHandler) -> None:
        if not _authorised(h):
            return
        if _query(h).get("after") == "c2":
            _json(h, {"data": [{"id": "1803", "caption": "Kemensos salurkan bansos di NTT",
                                "timestamp": "2026-11-04T02:00:00+0000",
                                "permalink": "https://www.instagram.com/p/C3/",
                                "username": "kemensosri", "comments_count": 0}],
                      "paging": {"cursors": {"before": "c2"}}})
            return
        _json(h, {"data": [{"id": "1801", "caption": "Kemensos tinjau dapur umum banjir",
                            "timestamp": "2026-11-05T01:00:00+0000",
                            "permalink": "https://www.instagram.com/p/C1/",
                            "username": "kemensosri", "like_count": 120,
                            "comments_count": 2, "media_type": "IMAGE"}],
                  "paging": {"cursors": {"after": "c2"},
                             "next": f"{base}/v21.0/178414/media?after=c2&limit=50"}})

    def ig_tags(h: BaseHTTPRequestHandler) -> None:
        if _authorised(h):
            _json(h, {"data": [{"id": "1900", "caption": "@kemensosri bantuan belum sampai",
                                "timestamp": "2026-11-05T03:00:00+0000",
                                "permalink": "https://www.instagram.com/p/T1/",
                                "username": "warga_bekasi"}]})

    def ig_comments(h: BaseHTTPRequestHandler) -> None:
        if _authorised(h):
            _json(h, {"data": [
                {"id": "c1", "text": "Terima kasih Kemensos, cepat sekali", "username": "ani",
                 "timestamp": "2026-11-05T01:30:00+0000"},
                {"id": "c2", "text": "Di desa kami belum ada bantuan", "username": "budi",
                 "timestamp": "2026-11-05T01:40:00+0000"}]})

    def ig_hashtag_search(h: BaseHTTPRequestHandler) -> None:
        if _authorised(h):
            assert _query(h)["q"] == "bansos" and _query(h)["user_id"] == "178414"
            _json(h, {"data": [{"id": "17843853986012965"}]})

    def ig_hashtag_denied(h: BaseHTTPRequestHandler) -> None:
        _json(h, {"error": {"message": "(#10) To use 'Instagram Public Content Access', your "
                            "use of this endpoint must be reviewed and approved by Facebook.",
                            "type": "OAuthException", "code": 10}}, 400)

    def fb_feed(h: BaseHTTPRequestHandler) -> None:
        if _authorised(h):
            _json(h, {"data": [{"id": "555_1", "message": "Kemensos membuka posko pengaduan",
                                "created_time": "2026-11-05T04:00:00+0000",
                                "permalink_url": "https://www.facebook.com/555/posts/1",
                                "from": {"name": "Kementerian Sosial RI", "id": "555"}}]})

    def fb_tagged(h: BaseHTTPRequestHandler) -> None:
        if _authorised(h):
            _json(h, {"data": []})

    def fb_comments(h: BaseHTTPRequestHandler) -> None:
        if _authorised(h):
            _json(h, {"data": [{"id": "555_1_9", "message": "Posko di Bekasi di mana?",
                                "created_time": "2026-11-05T04:10:00+0000",
                                "from": {"name": "Siti"}}]})

    def threads_search(h: BaseHTTPRequestHandler) -> None:
        if _authorised(h):
            assert _query(h)["search_type"] == "RECENT"
            _json(h, {"data": [{"id": "th1", "text": "Kemensos lamban tangani banjir Bekasi",
                                "timestamp": "2026-11-05T05:00:00+0000",
                                "permalink": "https://www.threads.net/@warga/post/th1",
                                "username": "warga"}]})

    return {
        "/v21.0/178414/media": ig_media, "/v21.0/178414/tags": ig_tags,
        "/v21.0/1801/comments": ig_comments, "/v21.0/1803/comments": ig_comments,
        "/v21.0/ig_hashtag_search": ig_hashtag_search,
        "/v21.0/17843853986012965/recent_media": ig_hashtag_denied,
        "/v21.0/555/feed": fb_feed, "/v21.0/555/tagged": fb_tagged,
        "/v21.0/555_1/comments": fb_comments,
        "/v1.0/keyword_search": threads_search,
    }


def tiktok_routes() -> dict[str, Any]:
    pages = {0: ([{"id": 7301, "video_description": "Antre bansos Kemensos ricuh",
                   "create_time": 1762300000, "username": "warga.id", "view_count": 5000,
                   "like_count": 300, "comment_count": 1}], True, 1),
             1: ([{"id": 7302, "video_description": "Kemensos bantu korban banjir",
                   "create_time": 1762310000, "username": "relawan"}], False, 2)}

    def token(h: BaseHTTPRequestHandler) -> None:
        form = parse_qs(h.body.decode())  # type: ignore[attr-defined]
        if form.get("client_secret") != ["rahasia"]:
            _json(h, {"error": "invalid_client", "error_description": "Client secret salah"},
                      401)
            return
        _json(h, {"access_token": "tt-token", "expires_in": 7200, "token_type": "Bearer"})

    def videos(h: BaseHTTPRequestHandler) -> None:
        body = json.loads(h.body)  # type: ignore[attr-defined]
        assert h.headers.get("Authorization") == "Bearer tt-token"
        assert body["query"]["and"][0]["field_values"] == ["Kemensos", "Kementerian Sosial"]
        found, more, cursor = pages[body["cursor"]]
        _json(h, {"data": {"videos": found, "cursor": cursor, "has_more": more,
                           "search_id": "s1"}, "error": {"code": "ok", "message": ""}})

    def comments(h: BaseHTTPRequestHandler) -> None:
        body = json.loads(h.body)  # type: ignore[attr-defined]
        if body["video_id"] == 7302:
            _json(h, {"data": {}, "error": {"code": "rate_limit_exceeded",
                                            "message": "daily quota"}}, 429)
            return
        _json(h, {"data": {"comments": [{"id": 99, "video_id": 7301, "text": "parah antrenya",
                                         "create_time": 1762300500}], "has_more": False},
                  "error": {"code": "ok"}})

    return {"/v2/oauth/token/": token, "/v2/research/video/query/": videos,
            "/v2/research/video/comment/list/": comments}


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.routes.update(graph_routes(srv.base))
    srv.routes.update(tiktok_routes())
    with srv:
        yield srv


def run(source: SourceConfig, credentials: CollectorCredentials | None = None,
        profiles: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    with HttpClient(FAST) as http:
        ctx = SourceContext(http=http, collect=FAST,
                            credentials=credentials or CollectorCredentials(_env_file=None),  # type: ignore[call-arg]
                            profile_queries=profiles or {})
        return connector_for(source.kind)(source).fetch(ctx)


def test_instagram_own_posts_pages_tags_comments_and_a_refused_hashtag(
        server: LocalServer) -> None:
    out = run(SourceConfig(name="ig", kind="instagram", url=server.url("/v21.0"),
                           account_id="178414", hashtag="#bansos",
                           access_token=SecretStr(TOKEN)))
    keys = [i.key for i in out.items]
    # two pages of own posts, the post it is tagged in, then the comments of each own post
    assert keys == ["instagram:1801", "instagram:1803", "instagram:1900", "instagram:c1",
                    "instagram:c2", "instagram:c1", "instagram:c2"]
    post = out.items[0]
    assert post.url == "https://www.instagram.com/p/C1/" and post.author == "kemensosri"
    assert post.published_at is not None and post.published_at.hour == 1
    comment = next(i for i in out.items if i.key == "instagram:c2")
    assert comment.extra["comment"] and comment.url == "https://www.instagram.com/p/C1/"
    assert any("izin aplikasi belum diberikan" in e and "#bansos" in e for e in out.errors)
    assert not any(TOKEN in e for e in out.errors)


def test_comments_can_be_left_out(server: LocalServer) -> None:
    out = run(SourceConfig(name="ig", kind="instagram", url=server.url("/v21.0"),
                           account_id="178414", include_comments=False,
                           access_token=SecretStr(TOKEN)))
    assert not any(i.extra.get("comment") for i in out.items)


def test_a_bad_token_is_explained_in_indonesian(server: LocalServer) -> None:
    out = run(SourceConfig(name="fb", kind="facebook", url=server.url("/v21.0"),
                           page_id="555", access_token=SecretStr("salah")))
    assert out.items == []
    assert any("token akses tidak valid atau kedaluwarsa" in e for e in out.errors)


def test_facebook_page_posts_mentions_and_comments(server: LocalServer) -> None:
    creds = CollectorCredentials(_env_file=None, meta_access_token=SecretStr(TOKEN))  # type: ignore[call-arg]
    out = run(SourceConfig(name="fb", kind="facebook", url=server.url("/v21.0"),
                           page_id="555"), credentials=creds)
    assert [i.key for i in out.items] == ["facebook:555_1", "facebook:555_1_9"]
    assert out.items[0].author == "Kementerian Sosial RI"
    assert out.items[1].extra["parent"] == "facebook:555_1"


def test_threads_keyword_search(server: LocalServer) -> None:
    out = run(SourceConfig(name="th", kind="threads", url=server.url("/v1.0"),
                           query="Kemensos", access_token=SecretStr(TOKEN)))
    assert [i.key for i in out.items] == ["threads:th1"]
    assert out.items[0].outlet == "Threads" and "lamban" in out.items[0].text


def test_missing_credentials_or_account_skip_with_a_note() -> None:
    for source in (SourceConfig(name="ig", kind="instagram", account_id="1"),
                   SourceConfig(name="ig2", kind="instagram", access_token=SecretStr("x")),
                   SourceConfig(name="fb", kind="facebook", page_id="1"),
                   SourceConfig(name="th", kind="threads", query="x"),
                   SourceConfig(name="tt", kind="tiktok", query="x")):
        out = run(source)
        assert out.skipped and out.notes[0].startswith("dilewati:"), source.kind
    assert SourceConfig(name="tt", kind="tiktok").effective_media_type == "media sosial"


def test_tiktok_research_api_videos_paging_and_comments(server: LocalServer) -> None:
    src = SourceConfig(name="tt", kind="tiktok", url=server.base,
                       client_id=SecretStr("kunci"), client_secret=SecretStr("rahasia"))
    out = run(src, profiles={"kemensos": '"Kemensos" OR "Kementerian Sosial"'})
    assert [i.key for i in out.items] == ["tiktok:7301", "tiktok:7302", "tiktok-comment:99"]
    assert out.items[0].url == "https://www.tiktok.com/@warga.id/video/7301"
    assert out.items[2].extra["parent"] == "tiktok:7301"
    assert any("kuota harian" in e for e in out.errors)


def test_tiktok_wrong_secret_is_a_clear_error(server: LocalServer) -> None:
    src = SourceConfig(name="tt", kind="tiktok", url=server.base, query="Kemensos",
                       client_id=SecretStr("kunci"), client_secret=SecretStr("keliru"))
    with pytest.raises(FetchError, match="periksa client key dan secret"):
        run(src)
