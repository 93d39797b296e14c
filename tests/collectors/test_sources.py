"""Each connector against a local HTTP server: feeds, Google News, sitemaps, social API
fakes, and HTTP that misbehaves on purpose."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from collectors.config import CollectConfig, CollectorCredentials, SourceConfig
from collectors.http import FetchError, HttpClient
from collectors.localserver import LocalServer
from collectors.sources import SourceContext, connector_for
from collectors.sources.feeds import decode_google_news_link
from tests.collectors.helpers import make_server

FAST = CollectConfig(timeout=1.0, retries=1, backoff=0.05, max_page_bytes=1_000_000)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with make_server() as srv:
        yield srv


def run(source: SourceConfig, *, etag: str | None = None, last_modified: str | None = None,
        credentials: CollectorCredentials | None = None,
        profiles: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    with HttpClient(FAST) as http:
        ctx = SourceContext(http=http, collect=FAST,
                            credentials=credentials or CollectorCredentials(_env_file=None),  # type: ignore[call-arg]
                            profile_queries=profiles or {}, etag=etag,
                            last_modified=last_modified)
        return connector_for(source.kind)(source).fetch(ctx)


def test_rss_items_dates_and_conditional_get(server: LocalServer) -> None:
    src = SourceConfig(name="warta", kind="rss", url=server.url("/rss.xml"))
    out = run(src)
    assert len(out.items) == 10
    first = out.items[0]
    assert first.title == "Kemensos Cairkan Bansos PKH Tahap Empat untuk 10 Juta Keluarga"
    assert first.published_at == datetime(2026, 11, 2, 1, 15, tzinfo=UTC)  # 08:15 WIB
    assert first.summary == "Kementerian Sosial mulai mencairkan bantuan sosial PKH tahap keempat."
    assert first.author == "Rina Marlina"
    assert first.fetch_article and first.extra["feed_title"] == "Warta Nusantara - Nasional"
    assert out.etag and out.last_modified
    again = run(src, etag=out.etag, last_modified=out.last_modified)
    assert again.items == [] and "304" in again.notes[0]


def test_atom_feed(server: LocalServer) -> None:
    out = run(SourceConfig(name="kabar", kind="rss", url=server.url("/atom.xml"),
                           outlet="Kabar Ibu Kota"))
    assert [i.published_at for i in out.items] == [
        datetime(2026, 11, 2, 1, 15, 30, tzinfo=UTC), datetime(2026, 11, 6, 2, 20, tzinfo=UTC)]
    assert out.items[0].author == "Lestari Wulan"
    assert out.items[0].outlet == "Kabar Ibu Kota"


def test_malformed_feed_is_read_and_reported(server: LocalServer) -> None:
    out = run(SourceConfig(name="rusak", kind="rss", url=server.url("/malformed.xml")))
    assert len(out.items) == 1
    assert "feed tidak sepenuhnya valid" in out.notes[0]


def test_unreadable_feed_fails_with_a_message(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="feed rusak"):
        run(SourceConfig(name="rusak total", kind="rss", url=server.url("/broken.xml")))


def test_feed_in_windows_1252(server: LocalServer) -> None:
    out = run(SourceConfig(name="daerah", kind="rss", url=server.url("/feed-cp1252.xml")))
    assert out.items[0].title == "Kemensos Salurkan Bantuan \u201cSembako\u201d ke Panti"
    assert "\u2013" in (out.items[0].summary or "")


def test_google_news_outlet_from_source_element(server: LocalServer) -> None:
    src = SourceConfig(name="gn", kind="google_news", url=server.url("/gn/rss/search"))
    out = run(src, profiles={"kemensos": '("Kementerian Sosial" OR Kemensos) NOT "Dinas Sosial"'})
    assert server.hits['gn:("Kementerian Sosial" OR Kemensos) -"Dinas Sosial"'] == 1
    assert [(i.title, i.outlet) for i in out.items] == [
        ("Penyaluran BPNT di NTT Terlambat Tiga Bulan, Warga Kecewa", "Suara Rakyat Online"),
        ("BPK Temukan Jutaan Data Ganda Penerima Bansos di DTKS", "Harian Sinar Pagi")]
    assert out.items[0].published_at == datetime(2026, 11, 6, 2, 20, tzinfo=UTC)


def test_google_news_links_with_an_embedded_url_are_decoded() -> None:
    import base64

    payload = b"\x08\x13\x22\x2bhttps://www.antaranews.com/berita/123/kemensos\xd2\x01\x00"
    token = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    link = f"https://news.google.com/rss/articles/{token}?oc=5"
    assert decode_google_news_link(link) == "https://www.antaranews.com/berita/123/kemensos"
    assert decode_google_news_link("https://news.google.com/rss/articles/AU_yqLz") is None


def _newer_google_news_link() -> str:
    """An article link of the kind Google News feeds carry since mid-2024: the protobuf in
    the id holds an opaque AU_yqL token, not the article's URL."""
    import base64

    token = b"AU_yqLNd3mVZ0pK7sQ1xkq9bLh6Yd0eXr2Jt8wF5cP4aG3uH1iO7zT2vE9nM6lB0yS5"
    payload = b"\x08\x13\x22" + bytes([len(token)]) + token + b"\xd2\x01\x00"
    return ("https://news.google.com/rss/articles/"
            f"{base64.urlsafe_b64encode(payload).decode().rstrip('=')}?oc=5&hl=id")


def test_newer_google_news_links_keep_the_feed_text_and_the_source_outlet() -> None:
    """Not decodable offline: the item keeps Google's link, the feed's title and summary,
    and the outlet's homepage from <source url>; Google's page is not fetched."""
    from collectors.localserver import send

    link = _newer_google_news_link()
    assert decode_google_news_link(link) is None
    feed = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Google Berita</title><item>
<title>Kemensos Salurkan Bantuan ke Bekasi - Tribun Jabar</title>
<link>{link.replace("&", "&amp;")}</link><pubDate>Mon, 16 Nov 2026 02:00:00 GMT</pubDate>
<description>Kemensos menyalurkan bantuan banjir.</description>
<source url="https://jabar.tribunnews.com">Tribun Jabar</source></item>
</channel></rss>""".encode()
    with LocalServer(routes={"/gn-new/rss/search": lambda h: send(
            h, 200, feed, {"Content-Type": "application/rss+xml"})}) as srv:
        out = run(SourceConfig(name="gn", kind="google_news", query="Kemensos",
                               url=srv.url("/gn-new/rss/search")))
    item = out.items[0]
    assert (item.url, item.title, item.outlet) == (link, "Kemensos Salurkan Bantuan ke Bekasi",
                                                   "Tribun Jabar")
    assert item.fetch_article is False and item.extra["full_text"] is False
    assert item.extra["outlet_url"] == "https://jabar.tribunnews.com"


def test_google_page_in_place_of_an_article_is_not_stored_as_its_text() -> None:
    from sqlmodel import select

    from collectors.models import Mention, Profile
    from collectors.query import parse_query
    from collectors.sources.base import Item
    from collectors.store import MentionStore, ProfileMatcher
    from pantau.core.db import session_scope

    with session_scope() as s:
        profile = Profile(name="kemensos", query="Kemensos")
        s.add(profile)
        s.flush()
        matcher = ProfileMatcher(profile.id or 0, profile.name, parse_query("Kemensos"))
    link = _newer_google_news_link()
    google_page = {"title": "Google News", "text": "Google News Sign in Kemensos Top stories",
                   "final_url": link}
    MentionStore(profiles=[matcher], cfg=CollectConfig()).store(
        Item(url=link, title="Kemensos Salurkan Bantuan ke Bekasi", outlet="Tribun Jabar",
             summary="Kemensos menyalurkan bantuan banjir.", fetch_article=True,
             extra={"outlet_url": "https://jabar.tribunnews.com"}),
        source_id=None, media_type="online", article=google_page, final_url=link)
    with session_scope() as s:
        mention = s.exec(select(Mention)).one()
        assert mention.text == "Kemensos menyalurkan bantuan banjir."
        assert mention.extra["full_text"] is False and mention.outlet == "Tribun Jabar"


def test_sitemap_index_and_news_sitemap(server: LocalServer) -> None:
    out = run(SourceConfig(name="sinar", kind="sitemap", url=server.url("/sitemap-index.xml")))
    assert [i.url for i in out.items] == [server.url("/pages/sinar-dtks.html"),
                                          server.url("/pages/sinar-kemenkes.html")]
    assert out.items[0].outlet == "Harian Sinar Pagi"
    assert out.items[0].published_at == datetime(2026, 11, 3, 2, 5, tzinfo=UTC)
    assert out.items[0].title.startswith("BPK Temukan")
    # A time without zone is the outlet's clock, WIB, as on its pages (collectors.store).
    assert out.items[1].published_at == datetime(2026, 11, 13, 2, 0, tzinfo=UTC)


def test_mastodon_hashtag_without_token_and_search_needs_one(server: LocalServer) -> None:
    src = SourceConfig(name="m", kind="mastodon", url=server.url("/mastodon"),
                       hashtag="#kemensos", query="Kemensos")
    out = run(src)
    assert [i.key for i in out.items] == [
        "mastodon:https://mastodon.social/users/warga/statuses/1001",
        "mastodon:https://mastodon.social/users/warga/statuses/1002"]
    assert out.items[0].text.startswith("Terima kasih Kemensos")
    assert out.items[0].author == "warga@mastodon.social"
    assert "token Mastodon belum diatur" in out.notes[0]
    with_token = run(src, credentials=CollectorCredentials(
        _env_file=None, mastodon_token=SecretStr("tok")))  # type: ignore[call-arg]
    assert len(with_token.items) == 3
    only_search = run(SourceConfig(name="m2", kind="mastodon", url=server.url("/mastodon")),
                      profiles={"k": "Kemensos"})
    assert only_search.skipped and "dilewati" in only_search.notes[0]


def test_reddit_oauth_and_search(server: LocalServer) -> None:
    src = SourceConfig(name="r", kind="reddit", url=server.url("/reddit"), query="Kemensos",
                       client_id=SecretStr("id"), client_secret=SecretStr("rahasia"))
    out = run(src)
    post = out.items[0]
    assert post.key == "reddit:t3_1abcde"
    assert post.url == "https://www.reddit.com/r/indonesia/comments/1abcde/pengalaman_urus_bansos/"
    assert post.outlet == "Reddit r/indonesia"
    assert post.published_at == datetime.fromtimestamp(1762400000, tz=UTC)


def test_youtube_comments(server: LocalServer) -> None:
    src = SourceConfig(name="yt", kind="youtube", url=server.url("/youtube"),
                       query="Kemensos", api_key=SecretStr("yt-key"))
    out = run(src)
    assert [(i.key, i.text, i.author) for i in out.items] == [
        ("youtube:Ugz1", "Mantap Kemensos, gerak cepat!", "@sitinur")]
    assert out.items[0].extra["video_title"] == "Mensos tinjau banjir Demak"


def test_x_recent_search(server: LocalServer) -> None:
    src = SourceConfig(name="x", kind="x", url=server.url("/x"), query="Kemensos lang:id",
                       bearer_token=SecretStr("x-token"))
    out = run(src)
    tweet = out.items[0]
    assert tweet.url == "https://x.com/wargantt/status/1850000000000000001"
    assert tweet.author == "@wargantt" and tweet.language == "in"


@pytest.mark.parametrize("kind", ["reddit", "youtube", "x"])
def test_missing_credentials_skip_with_a_note(server: LocalServer, kind: str) -> None:
    out = run(SourceConfig(name=kind, kind=kind, url=server.url("/" + kind), query="Kemensos"))  # type: ignore[arg-type]
    assert out.skipped and out.items == [] and "belum diatur" in out.notes[0]


def test_wrong_credentials_fail_without_leaking_them(server: LocalServer) -> None:
    src = SourceConfig(name="x", kind="x", url=server.url("/x"), query="Kemensos",
                       bearer_token=SecretStr("salah-rahasia"))
    with pytest.raises(FetchError) as err:
        run(src)
    assert "HTTP 401" in str(err.value) and "salah-rahasia" not in str(err.value)
    assert "salah-rahasia" not in repr(src)


@pytest.mark.parametrize(
    ("path", "message"),
    [("/tidak-ada.xml", "HTTP 404"), ("/error500.html", "HTTP 500"),
     ("/lambat.html", "waktu habis"), ("/slow-feed.xml", "waktu habis"),
     ("/putar.html", "redirect loop"), ("/raksasa.html", "terlalu besar")],
)
def test_http_failures(server: LocalServer, path: str, message: str) -> None:
    with HttpClient(FAST.model_copy(update={"retries": 0})) as http, \
            pytest.raises(FetchError, match=message):
        http.get(server.url(path))


def test_retries_with_backoff(server: LocalServer) -> None:
    before = server.hits["/error500.html"]
    with HttpClient(FAST.model_copy(update={"retries": 2})) as http, pytest.raises(FetchError):
        http.get(server.url("/error500.html"))
    assert server.hits["/error500.html"] - before == 3
