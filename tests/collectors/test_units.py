"""Which profiles may match a source's stories: a unit's own source (`[[sources]] unit`)
only its unit's profiles, a shared source every profile; on collection, on re-matching the
stored mentions for a new or changed profile, and on imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from collectors.api import collect, import_clippings, match_scope, prepare_collection
from collectors.config import ProfileConfig, SourceConfig
from collectors.localserver import LocalServer
from collectors.models import Match, Mention, Profile
from pantau.config import get_config
from pantau.core.errors import InputError
from tests.units import OWN_STORY, SHARED_STORY, two_units, unit_sources, write_unit_feeds


def _matched(session: Session) -> dict[str, set[str]]:
    session.expire_all()
    rows = session.exec(select(Mention.title, Profile.name)
                        .join(Match, Match.mention_id == Mention.id)  # type: ignore[arg-type]
                        .join(Profile, Profile.id == Match.profile_id)).all()  # type: ignore[arg-type]
    found: dict[str, set[str]] = {}
    for title, profile in rows:
        found.setdefault(title, set()).add(profile)
    return found


def test_a_units_own_source_is_matched_for_its_unit_only(tmp_path: Path, write_config,  # type: ignore[no-untyped-def]
                                                         session: Session) -> None:
    write_unit_feeds(tmp_path)
    with LocalServer(tmp_path) as server:
        sources = unit_sources(server.base)
        write_config(two_units() + sources)
        results = {r.source: r for r in collect(config=get_config())}
        assert (results["Akun Dinkes"].new, results["Berita bersama"].new) == (1, 1)
        # B's query ("terminal") matches the story on A's own account: no match for B.
        assert _matched(session) == {OWN_STORY: {"profil-a"},
                                     SHARED_STORY: {"profil-a", "profil-b"}}
        # B's query changes and A gets a new profile: the stored mentions are matched
        # again, under the same rule.
        changed = two_units().replace('query = "terminal"', 'query = "terminal OR antrean"')
        write_config(changed + '[[profiles]]\nname = "profil-a2"\nquery = "antrean"\n'
                     'unit = "dinkes"\n' + sources)
        prepare_collection(config=get_config())
        assert _matched(session) == {OWN_STORY: {"profil-a", "profil-a2"},
                                     SHARED_STORY: {"profil-a", "profil-b"}}
        # A later collection stores nothing twice and adds no match.
        collect(config=get_config())
        assert _matched(session) == {OWN_STORY: {"profil-a", "profil-a2"},
                                     SHARED_STORY: {"profil-a", "profil-b"}}


PROFILES = [ProfileConfig(name="a", query="x", unit="dinkes"),
            ProfileConfig(name="b", query="x", unit="dishub"),
            ProfileConfig(name="pusat", query="x")]
SOURCES = [SourceConfig(name="milik-a", kind="rss", unit="dinkes"),
           SourceConfig(name="milik-pusat", kind="rss", unit="utama"),
           SourceConfig(name="bersama", kind="rss")]


@pytest.mark.parametrize(("source", "profile", "may"), [
    ("milik-a", "a", True), ("milik-a", "b", False), ("milik-a", "pusat", False),
    # the default unit's own source: the profiles without a unit (and stored ones no longer
    # configured, which are the default unit's)
    ("milik-pusat", "pusat", True), ("milik-pusat", "a", False),
    ("milik-pusat", "lama", True), ("milik-a", "lama", False),
    # shared: configured without a unit, no longer configured, or no source at all
    ("bersama", "a", True), ("bersama", "b", True), ("bersama", "pusat", True),
    ("hilang", "b", True), (None, "b", True),
])
def test_which_profiles_may_match_a_source(source: str | None, profile: str,
                                           may: bool) -> None:
    scope = match_scope(profiles=PROFILES, sources=SOURCES)
    assert scope.may_match(source=source, profile=profile) is may
    closed = scope.closed_sources(profile)
    assert (source in closed) is (not may)


def test_an_import_into_a_units_source_matches_that_units_profiles(  # type: ignore[no-untyped-def]
        tmp_path: Path, write_config, session: Session) -> None:
    # The clippings' source configured as unit A's own (a disabled entry: never fetched).
    write_config(two_units() + """
[[sources]]
name = "Kliping manual"
kind = "rss"
enabled = false
unit = "dinkes"
""")
    path = tmp_path / "kliping.csv"
    path.write_text("tanggal,media,jenis_media,judul\n"
                    f"2026-11-02,Harian Contoh,cetak,{SHARED_STORY}\n", encoding="utf-8")
    assert import_clippings(path, config=get_config()).new == 1
    assert _matched(session) == {SHARED_STORY: {"profil-a"}}
    with pytest.raises(InputError, match="profil-b"):
        import_clippings(path, config=get_config(), profile="profil-b")


def test_a_story_both_an_own_and_a_shared_source_bring_is_every_units(  # type: ignore[no-untyped-def]
        tmp_path: Path, write_config, session: Session) -> None:
    """The same link on A's own feed (configured first) and on a shared feed in one run: it
    is stored from the shared source, so B's profile matches it too."""
    write_unit_feeds(tmp_path)
    same = (tmp_path / "akun-dinkes.xml").read_text(encoding="utf-8")
    (tmp_path / "bersama.xml").write_text(same.replace("<title>akun-dinkes</title>",
                                                       "<title>bersama</title>"),
                                          encoding="utf-8")
    with LocalServer(tmp_path) as server:
        write_config(two_units() + unit_sources(server.base))
        results = {r.source: r for r in collect(config=get_config())}
    assert (results["Berita bersama"].new, results["Akun Dinkes"].duplicates) == (1, 1)
    assert _matched(session) == {OWN_STORY: {"profil-a", "profil-b"}}
