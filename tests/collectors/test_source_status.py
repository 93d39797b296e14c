"""Which sources are collected: one definition (`collectors.api.collected_sources`) read by
the collection, `pantau sources` and the admin page, so a listing never calls a source
active that the daily run does not fetch (after `pantau demo` the sample's sources stay in
the database, pointing at a server that existed only while the demo ran)."""

from __future__ import annotations

from typing import Any, get_args

from sqlmodel import Session

from collectors.api import collected_sources, source_kind_label, source_statuses
from collectors.config import SourceKind
from collectors.demo import SAMPLE_SOURCE_NAMES
from collectors.models import Source
from pantau.config import get_config

PROFILE = """
[[profiles]]
name = "kemensos"
query = 'Kemensos'
"""
CONFIGURED = PROFILE + """
[[sources]]
name = "Antara (RSS)"
kind = "rss"
url = "http://127.0.0.1:9/rss.xml"

[[sources]]
name = "Tempo (sitemap)"
kind = "sitemap"
url = "http://127.0.0.1:9/sitemap.xml"
enabled = false
"""


def _leftovers(session: Session) -> None:
    """What the demo leaves in the database: its sample's sources and the import ones;
    and a source that an earlier configuration had."""
    for name in sorted(SAMPLE_SOURCE_NAMES):
        session.add(Source(name=name, kind="rss", url="http://127.0.0.1:43117/x"))
    session.add(Source(name="Kliping manual", kind="clipping", media_type="cetak"))
    session.add(Source(name="Dulu dikonfigurasi", kind="rss", url="https://contoh.id/rss"))
    session.commit()


def test_the_listing_calls_active_exactly_what_the_collection_fetches(
    write_config: Any, session: Session
) -> None:
    write_config(CONFIGURED)
    _leftovers(session)
    config = get_config()
    statuses = {s.name: s for s in source_statuses(session, config=config)}
    assert [s.name for s in collected_sources(config.sources)] == ["Antara (RSS)"]
    assert [n for n, s in statuses.items() if s.collected] == ["Antara (RSS)"]
    assert statuses["Antara (RSS)"].state == "ya"
    assert statuses["Tempo (sitemap)"].state == "tidak: dinonaktifkan"
    assert statuses["Warta Nusantara (RSS)"].state == "tidak: contoh demo"
    assert statuses["Kliping manual"].state == "impor manual"
    assert statuses["Dulu dikonfigurasi"].state == "tidak: tidak di konfigurasi"


def test_pantau_sources_after_the_demo_says_nothing_is_collected(
    write_config: Any, session: Session, cli_runner: Any
) -> None:
    write_config(PROFILE)
    _leftovers(session)
    out = cli_runner(["sources"]).output
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "tidak: contoh demo" in lines["Warta Nusantara (RSS)"]
    assert "Google News" in lines["Google News: Kementerian Sosial"]
    assert not any(" ya " in line for line in out.splitlines())
    assert "Belum ada sumber aktif" in out and "pantau sources add" in out


def test_collect_without_an_active_source_says_so(write_config: Any, session: Session,
                                                  cli_runner: Any) -> None:
    write_config(PROFILE)
    _leftovers(session)
    result = cli_runner(["collect"], expect_ok=False)
    assert result.exit_code == 1
    assert "Galat: Belum ada sumber aktif" in result.output
    assert "pantau sources add" in result.output


def test_every_source_kind_has_an_indonesian_label() -> None:
    for kind in (*get_args(SourceKind), "clipping", "scan", "transcript"):
        label = source_kind_label(kind)
        assert label != kind and "_" not in label, kind
    assert source_kind_label("google_news") == "Google News"
    assert source_kind_label("sitemap") == "Peta situs (sitemap)"
    assert source_kind_label("rss") == "RSS/Atom"
    assert source_kind_label("entah") == "entah"  # unknown: shown as stored


def test_mentions_filters_refuse_an_unknown_profile_or_source(
    write_config: Any, session: Session, cli_runner: Any
) -> None:
    """`mentions list/export --profile kemenkes` names the profiles there are instead of
    saying that nothing matched; so does an unknown --source."""
    write_config(CONFIGURED)
    _leftovers(session)
    for command in (["mentions", "list"], ["mentions", "export", "--out", "m.csv"]):
        result = cli_runner([*command, "--profile", "kemenkes"], expect_ok=False)
        assert result.exit_code == 1, result.output
        assert "Galat: Profil 'kemenkes' tidak dikenal. Profil yang ada: kemensos" \
            in result.output
        assert "Tidak ada pemberitaan" not in result.output
        result = cli_runner([*command, "--source", "Kompas"], expect_ok=False)
        assert result.exit_code == 1, result.output
        assert "Galat: Sumber 'Kompas' tidak dikenal. Sumber yang ada: Antara (RSS)" \
            in result.output
    # Known names (configured, or stored only) still filter.
    ok = cli_runner(["mentions", "list", "--profile", "kemensos",
                     "--source", "Warta Nusantara (RSS)"])
    assert "Tidak ada pemberitaan yang cocok dengan filter." in ok.output
