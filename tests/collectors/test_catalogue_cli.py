"""`pantau sources catalogue | add --from-catalogue | (health)` as an office runs them, and
outlet names stored in the catalogue's one spelling."""

from __future__ import annotations

import json
import tomllib
from typing import Any

from sqlmodel import select

from collectors.api import load_catalogue
from collectors.config import CollectConfig
from collectors.models import Mention, Profile
from collectors.query import parse_query
from collectors.sources.base import Item
from collectors.store import MentionStore, ProfileMatcher
from pantau.config import load_config
from pantau.core.db import session_scope


def test_catalogue_lists_a_province_as_json(cli_runner: Any) -> None:
    out = cli_runner(["sources", "catalogue", "--province", "jabar", "--json"]).output
    outlets = json.loads(out)
    assert outlets and {o["province"] for o in outlets} == {"Jawa Barat"}
    assert {"id", "name", "media_type", "scope", "homepage", "feed_url",
            "dewan_pers_verified"} <= set(outlets[0])
    table = cli_runner(["sources", "catalogue", "--scope", "nasional"]).output
    assert "Kompas" in table and "media." in table


def test_add_from_catalogue_appends_valid_sources_once(cli_runner: Any,
                                                       write_config: Any) -> None:
    path = write_config('[institution]\nname = "Kementerian Sosial"\n')
    preview = cli_runner(["sources", "add", "--from-catalogue", "nasional", "--dry-run"])
    assert "[[sources]]" in preview.output
    assert "[[sources]]" not in path.read_text(encoding="utf-8")

    added = cli_runner(["sources", "add", "--from-catalogue", "nasional"]).output
    config = load_config(path)
    expected = [o for o in load_catalogue().select(scope="nasional")
                if o.feed_url or o.sitemap_url]
    assert len(config.sources) == len(expected) > 10
    assert f"{len(expected)} sumber ditambahkan" in added
    assert config.institution.name == "Kementerian Sosial"  # the office's own lines kept
    names = {s.name for s in config.sources}
    assert all(o.name in names for o in expected)

    again = cli_runner(["sources", "add", "--from-catalogue", "nasional"]).output
    assert "Sumber baru: 0" in again
    assert len(tomllib.loads(path.read_text(encoding="utf-8"))["sources"]) == len(expected)


def test_add_without_a_config_file_says_what_to_do(cli_runner: Any) -> None:
    result = cli_runner(["sources", "add", "--from-catalogue", "jabar"], expect_ok=False)
    assert result.exit_code != 0
    assert "PANTAU_CONFIG belum diatur" in result.output


def test_an_unknown_selection_is_refused_in_indonesian(cli_runner: Any,
                                                       write_config: Any) -> None:
    write_config("")
    result = cli_runner(["sources", "add", "--from-catalogue", "atlantis"], expect_ok=False)
    assert "Pilihan katalog tidak dikenal" in result.output


def test_mentions_are_stored_under_the_catalogue_spelling() -> None:
    with session_scope() as s:
        profile = Profile(name="kemensos", query='"Kementerian Sosial"')
        s.add(profile)
        s.flush()
        matcher = ProfileMatcher(profile.id or 0, profile.name,
                                 parse_query('"Kementerian Sosial"'))
    store = MentionStore(profiles=[matcher], cfg=CollectConfig())
    text = "Kementerian Sosial menyalurkan bantuan kepada korban banjir di Bekasi hari ini."
    for n, (url, outlet) in enumerate([
            ("https://nasional.kompas.com/read/2026/11/02/berita-a", "kompas.com"),
            ("https://www.antaranews.com/berita/123/berita-b", "ANTARA News"),
            ("https://contoh-blog.example/berita-c", "Blog Contoh")]):
        store.store(Item(url=url, title=f"Berita {n} Kementerian Sosial", text=text,
                         outlet=outlet), source_id=None, media_type="online")
    with session_scope() as s:
        outlets = sorted(m.outlet or "" for m in s.exec(select(Mention)).all())
    catalogue = load_catalogue()
    assert catalogue.canonical_name("kompas.com") in outlets
    assert catalogue.canonical_name("antaranews.com") in outlets
    assert "Blog Contoh" in outlets
    assert "kompas.com" not in outlets and "ANTARA News" not in outlets
