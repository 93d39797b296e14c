"""Collection end to end through the real service: feeds, the Scrapy crawl subprocess,
matching, deduplication and storage; a failing source never stops the others; re-runs
store nothing twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from collectors.api import collect
from collectors.localserver import LocalServer
from collectors.models import Match, Mention, Source
from pantau.config import get_config
from tests.collectors.helpers import make_server

QUERY = '("Kementerian Sosial" OR Kemensos OR Mensos OR "Menteri Sosial") NOT "Dinas Sosial Kota"'


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with make_server() as srv:
        yield srv


def config_text(base: str) -> str:
    return f"""
[institution]
name = "Kementerian Sosial"

[[profiles]]
name = "kemensos"
query = '{QUERY}'

[[sources]]
name = "Warta (RSS)"
kind = "rss"
url = "{base}/rss.xml"

[[sources]]
name = "Kabar (Atom)"
kind = "rss"
url = "{base}/atom.xml"

[[sources]]
name = "Google News"
kind = "google_news"
url = "{base}/gn/rss/search"
query = '"Kementerian Sosial"'

[[sources]]
name = "Sinar (sitemap)"
kind = "sitemap"
url = "{base}/sitemap-news.xml"

[[sources]]
name = "Mastodon"
kind = "mastodon"
url = "{base}/mastodon"
hashtag = "kemensos"

[[sources]]
name = "Feed rusak"
kind = "rss"
url = "{base}/broken.xml"

[[sources]]
name = "Feed hilang"
kind = "rss"
url = "{base}/tidak-ada.xml"

[[sources]]
name = "X"
kind = "x"
url = "{base}/x"
query = "Kemensos"

[collect]
download_delay = 0.0
concurrent_per_domain = 8
timeout = 1.0
retries = 1
backoff = 0.05
max_page_bytes = 1000000
"""


def test_collect_end_to_end(server: LocalServer, write_config, session) -> None:  # type: ignore[no-untyped-def]
    write_config(config_text(server.base))
    lines: list[str] = []
    results = {r.source: r for r in collect(config=get_config(), progress=lines.append)}

    rss = results["Warta (RSS)"]
    # new: PKH, DTKS, robots-blocked page (stored from the feed), wrong-charset page;
    # unmatched: Dinas Sosial Kota; errors: 404, 500, timeout, too big, redirect loop.
    assert (rss.fetched, rss.new, rss.duplicates, rss.errors) == (10, 4, 0, 5)
    assert "halaman gagal" in rss.note
    atom, gnews = results["Kabar (Atom)"], results["Google News"]
    assert atom.new + gnews.new == 2  # PKH copy + BPNT (reached twice, stored once)
    assert gnews.fetched == 2 and gnews.duplicates >= 1
    sitemap = results["Sinar (sitemap)"]
    assert (sitemap.fetched, sitemap.new, sitemap.duplicates) == (2, 0, 1)
    assert results["Mastodon"].new == 2
    assert results["Feed rusak"].errors == 1 and "feed rusak" in results["Feed rusak"].note
    assert results["Feed hilang"].errors == 1 and "HTTP 404" in results["Feed hilang"].note
    assert results["X"].skipped and "bearer_token" in results["X"].note
    assert any("halaman artikel baru" in line for line in lines)

    mentions = {m.url_key: m for m in session.exec(select(Mention)).all()}
    base_key = "127.0.0.1"  # a page on this machine is keyed without its port
    pkh = mentions[f"{base_key}/pages/warta-pkh.html"]
    assert pkh.outlet == "Warta Nusantara" and pkh.author
    assert pkh.published_at.isoformat() == "2026-11-02T01:15:00+00:00"
    assert "Command Center 171" in pkh.text
    copy = mentions[f"{base_key}/pages/kabar-pkh-salinan.html"]  # fragment dropped
    assert copy.outlet == "Kabar Ibu Kota"
    # Pages arrive in whatever order the crawl finishes them: the group is the id of
    # whichever copy was stored first, and both copies carry it.
    assert copy.duplicate_group == pkh.duplicate_group == min(pkh.id, copy.id)
    dtks = mentions[f"{base_key}/pages/sinar-dtks.html"]
    assert dtks.duplicate_group == dtks.id
    blocked = mentions[f"{base_key}/private/kemensos-bantah.html"]
    assert blocked.extra["full_text"] is False and "membantah" in blocked.text
    latin = mentions[f"{base_key}/latin1.html"]
    assert "Renée" in latin.text and "—" in latin.text
    assert f"{base_key}/pages/kabar-dinsos-kota.html" not in mentions
    assert f"{base_key}/pages/suara-bpnt.html" in mentions
    assert server.hits["/private/kemensos-bantah.html"] == 0  # robots.txt obeyed
    match = session.exec(select(Match).where(Match.mention_id == pkh.id)).one()
    assert set(match.matched_terms) >= {"Kemensos", '"Menteri Sosial"'}
    assert any("Menteri Sosial mengatakan" in p for p in match.passages)

    health = {s.name: s for s in session.exec(select(Source)).all()}
    assert health["Feed rusak"].last_error and health["Feed rusak"].consecutive_failures == 1
    warta = health["Warta (RSS)"]
    assert warta.last_success_at
    # A feed whose articles could not all be fetched keeps no ETag (they are retried).
    assert (warta.etag is None) == bool(warta.last_error)
    assert health["Warta (RSS)"].items_total == 4

    # Re-running stores nothing twice; the feed whose articles failed is asked for in full
    # again (no ETag kept), so the failed articles are tried once more.
    stored = len(mentions)
    again = {r.source: r for r in collect(config=get_config())}
    assert sum(r.new for r in again.values()) == 0
    assert "304" not in again["Warta (RSS)"].note and again["Warta (RSS)"].errors
    session.expire_all()
    assert len(session.exec(select(Mention)).all()) == stored


def test_unknown_profile_or_source(write_config, cli_runner) -> None:  # type: ignore[no-untyped-def]
    write_config(config_text("http://127.0.0.1:9"))
    result = cli_runner(["collect", "--profile", "tidak-ada"], expect_ok=False)
    assert result.exit_code == 1 and "Galat: Profil 'tidak-ada' tidak ada" in result.output
    result = cli_runner(["collect", "--source", "Entah"], expect_ok=False)
    assert "Sumber 'Entah' tidak ada" in result.output


def test_no_profiles_is_a_clear_error(write_config, cli_runner) -> None:  # type: ignore[no-untyped-def]
    write_config("")
    result = cli_runner(["collect"], expect_ok=False)
    assert "Belum ada profil pemantauan" in result.output


def test_a_crash_mid_run_keeps_what_was_committed(server: LocalServer, write_config,  # type: ignore[no-untyped-def]
                                                  session, monkeypatch) -> None:
    from collectors.store import MentionStore

    write_config(f"""
[[profiles]]
name = "kemensos"
query = 'Kemensos OR Kementerian'

[[sources]]
name = "Mastodon"
kind = "mastodon"
url = "{server.base}/mastodon"
hashtag = "kemensos"
""")
    real_store = MentionStore.store
    calls = {"n": 0}

    def crashing_store(self, item, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("listrik padam")
        return real_store(self, item, **kwargs)

    monkeypatch.setattr(MentionStore, "store", crashing_store)
    with pytest.raises(RuntimeError):
        collect(config=get_config())
    assert len(session.exec(select(Mention)).all()) == 1
    monkeypatch.setattr(MentionStore, "store", real_store)
    result = collect(config=get_config())[0]
    assert (result.new, result.duplicates) == (1, 1)
    session.expire_all()
    assert len(session.exec(select(Mention)).all()) == 2


def test_a_new_profile_is_matched_against_stored_mentions(server: LocalServer, write_config,  # type: ignore[no-untyped-def]
                                                          session) -> None:
    source = f"""
[[sources]]
name = "Mastodon"
kind = "mastodon"
url = "{server.base}/mastodon"
hashtag = "kemensos"
"""
    write_config("[[profiles]]\nname = \"a\"\nquery = 'Kemensos'\n" + source)
    collect(config=get_config())
    write_config("[[profiles]]\nname = \"a\"\nquery = 'Kemensos'\n"
                 "[[profiles]]\nname = \"b\"\nquery = 'banjir'\n" + source)
    lines: list[str] = []
    collect(config=get_config(), progress=lines.append)
    assert "Profil b: 1 pemberitaan tersimpan kini cocok" in lines
    matches = session.exec(select(Match)).all()
    assert sorted(m.profile_id for m in matches) == [1, 1, 2]


def test_collect_a_part_of_the_sources_and_prepare_once() -> None:
    """What a task of the engine does: the configuration synced once, then a few sources at
    a time; naming a source the configuration lacks is refused with its name."""
    from collectors.api import collect as collect_some
    from collectors.api import prepare_collection
    from collectors.fakeweb import FakeWeb
    from pantau.config import PantauConfig
    from pantau.core.errors import NotFoundError

    with FakeWeb(sources=3, items=2, hosts=1) as web:
        cfg = PantauConfig.model_validate({
            "profiles": [{"name": "kemensos", "query": '"Kementerian Sosial"'}],
            "sources": web.source_configs(fetch_articles=False),
            "collect": {"download_delay": 0.0}})
        assert prepare_collection(config=cfg) == ["situs-00000", "situs-00001", "situs-00002"]
        results = collect_some(config=cfg, sources=["situs-00002", "situs-00000"])
        assert [(r.source, r.new) for r in results] == [("situs-00000", 2), ("situs-00002", 2)]
        assert web.hits["rss.xml"] == 2
        with pytest.raises(NotFoundError, match="situs-99"):
            collect_some(config=cfg, sources=["situs-99"])
