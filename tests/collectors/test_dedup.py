"""Storing once: canonical URLs, content hashes, SimHash near-duplicates, language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from collectors.config import CollectConfig
from collectors.dedup import (
    NearDuplicateIndex,
    content_hash,
    group_near_duplicates,
    hamming,
    simhash,
    story_body,
)
from collectors.lang import detect_language
from collectors.models import Match, Mention, Profile
from collectors.query import parse_query
from collectors.sources.base import Item
from collectors.store import MentionStore, ProfileMatcher, regroup_duplicates
from collectors.urls import canonical_url, url_key
from tests.collectors.helpers import collector

BASE = "https://www.kompas.com/read/2026/11/02/kemensos-cairkan-pkh"


@pytest.mark.parametrize(
    "variant",
    [
        BASE,
        BASE + "?utm_source=twitter&utm_medium=social&utm_campaign=x",
        BASE + "?fbclid=IwAR0abc&gclid=Cj0K",
        BASE + "#komentar",
        BASE + "/",
        BASE + "?page=all",
        BASE + "/amp",
        BASE + "/amp/",
        "https://amp.kompas.com/read/2026/11/02/kemensos-cairkan-pkh",
        "https://m.kompas.com/read/2026/11/02/kemensos-cairkan-pkh?utm_source=wa",
        "HTTPS://WWW.KOMPAS.COM:443/read/2026/11/02/kemensos-cairkan-pkh",
        "https://kompas.com/read/2026/11/02/kemensos-cairkan-pkh?amp=1",
    ],
)
def test_canonical_url_variants_share_one_key(variant: str) -> None:
    assert url_key(variant) == "kompas.com/read/2026/11/02/kemensos-cairkan-pkh"


def test_canonical_url_keeps_meaningful_parameters() -> None:
    a = canonical_url("https://news.example.id/read?id=2&b=1&utm_source=x")
    assert a == "https://news.example.id/read?b=1&id=2"
    assert url_key("https://news.example.id/read?id=2") != url_key(
        "https://news.example.id/read?id=3")


ORIGINAL = (
    "JAKARTA - Kementerian Sosial (Kemensos) mulai mencairkan bantuan sosial Program Keluarga "
    "Harapan (PKH) tahap keempat tahun 2026 kepada 10 juta keluarga penerima manfaat.\n"
    "Menteri Sosial mengatakan penyaluran dilakukan melalui bank Himbara dan PT Pos Indonesia "
    "agar bantuan dapat diterima tepat waktu menjelang akhir tahun.\n"
    "Baca juga: Harga cabai naik\n"
    "Menurut data Kemensos, nilai bantuan yang disalurkan pada tahap ini mencapai Rp7,1 "
    "triliun. Penyaluran ditargetkan rampung dalam dua pekan.\n"
    "Warga penerima di Kabupaten Bogor menyambut baik pencairan tersebut.\n"
    "Pewarta: Rina Marlina"
)
SYNDICATED = (
    "Jakarta (Kabar Ibu Kota) - Kementerian Sosial (Kemensos) mulai mencairkan bantuan sosial "
    "Program Keluarga Harapan (PKH) tahap keempat tahun 2026 kepada 10 juta keluarga penerima "
    "manfaat.\nMenteri Sosial mengatakan penyaluran dilakukan melalui bank Himbara dan PT Pos "
    "Indonesia agar bantuan dapat diterima tepat waktu menjelang akhir tahun.\n"
    "Baca juga: Lowongan BUMN dibuka\n"
    "Menurut data Kemensos, nilai bantuan yang disalurkan pada tahap ini mencapai Rp7,1 "
    "triliun. Penyaluran ditargetkan rampung dalam dua pekan.\n"
    "Warga penerima di Kabupaten Bogor menyambut baik pencairan tersebut.\n"
    "Editor: Redaksi Kabar"
)
OTHER_STORY = (
    "JAKARTA - Badan Pemeriksa Keuangan menemukan jutaan data ganda dan tidak valid dalam Data "
    "Terpadu Kesejahteraan Sosial yang dikelola Kementerian Sosial. Dalam laporan hasil "
    "pemeriksaan, BPK mencatat sekitar 2,1 juta nomor induk kependudukan tercatat lebih dari "
    "satu kali sebagai penerima bantuan. Anggota DPR menilai temuan itu menunjukkan buruknya "
    "tata kelola data. BPK merekomendasikan pemadanan data secara berkala."
)


def test_story_body_drops_dateline_and_boilerplate() -> None:
    body = story_body("Judul", ORIGINAL)
    assert body.startswith("Kementerian Sosial (Kemensos)")
    assert "Baca juga" not in body and "Pewarta" not in body


def test_syndicated_copy_is_near_duplicate_and_other_story_is_not() -> None:
    a = simhash("Kemensos Cairkan PKH", ORIGINAL)
    b = simhash("PKH Tahap IV Cair", SYNDICATED)
    c = simhash("BPK Temukan Data Ganda", OTHER_STORY)
    assert a is not None and b is not None and c is not None
    assert hamming(a, b) <= 3
    assert hamming(a, c) > 10
    assert simhash("pendek", "teks pendek sekali") is None


def test_content_hash_ignores_case_and_punctuation() -> None:
    assert content_hash("Judul", "Kemensos, salurkan  bansos!") == content_hash(
        "JUDUL", "kemensos salurkan bansos")
    assert content_hash("Judul", "a b") != content_hash("Judul", "a c")


def test_index_and_grouping() -> None:
    index = NearDuplicateIndex(3)
    index.add(0b1111, 1)
    assert index.find(0b0111) == 1
    assert index.find(0b1111 ^ (0xFF << 20)) is None
    groups = group_near_duplicates([(3, 0b1), (1, 0b0), (2, 1 << 63), (4, None)], 3)
    assert groups == {1: 1, 2: 1, 3: 1, 4: 4}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kementerian Sosial menyalurkan bantuan kepada warga yang terdampak banjir di "
         "Demak dan sekitarnya pada hari ini untuk para pengungsi", "id"),
        ("The ministry said that the programme would reach more families and that it was "
         "part of the effort to reduce poverty in the country", "en"),
        ("Kemensos!", None),
    ],
)
def test_language_detection(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_store_groups_copies_and_stores_nothing_twice(session) -> None:  # type: ignore[no-untyped-def]
    store = collector(session)
    when = datetime(2026, 11, 2, 1, 15, tzinfo=UTC)
    first = Item(url="https://warta.example/berita/pkh?utm_source=rss", title="Kemensos PKH",
                 text=ORIGINAL, published_at=when, outlet="Warta Nusantara")
    copy = Item(url="https://kabar.example/berita/pkh", title="PKH Tahap IV Cair",
                text=SYNDICATED, published_at=when, outlet="Kabar Ibu Kota")
    other = Item(url="https://sinar.example/bpk", title="BPK temukan data ganda",
                 text=OTHER_STORY, published_at=when, outlet="Sinar Pagi")
    same_url = Item(url="https://m.warta.example/berita/pkh/amp", title="Kemensos PKH",
                    text=ORIGINAL, outlet="Warta Nusantara")
    same_text_other_url = Item(url="https://warta.example/berita/pkh-2", title="Kemensos PKH",
                               text=ORIGINAL, outlet="Warta Nusantara")
    unrelated = Item(url="https://sinar.example/campak", title="Imunisasi campak",
                     text="Kementerian Kesehatan memperluas imunisasi campak ke daerah.")
    english = Item(url="https://suara.example/en", title="Kemensos expands transfers",
                   text="The ministry said that the programme would be expanded and that it "
                        "was part of the effort to reduce poverty, officials said on Friday.")
    outcomes = [store.store(i, source_id=None, media_type="online")
                for i in (first, copy, other, same_url, same_text_other_url, unrelated,
                          english)]
    assert outcomes == ["new", "new", "new", "duplicate", "duplicate", "unmatched", "language"]
    mentions = {m.outlet + ":" + m.title: m for m in session.exec(select(Mention)).all()}
    assert len(mentions) == 3
    orig = mentions["Warta Nusantara:Kemensos PKH"]
    assert orig.duplicate_group == orig.id
    assert mentions["Kabar Ibu Kota:PKH Tahap IV Cair"].duplicate_group == orig.id
    bpk = mentions["Sinar Pagi:BPK temukan data ganda"]
    assert bpk.duplicate_group == bpk.id
    assert orig.url == "https://warta.example/berita/pkh"
    assert orig.language == "id"
    match = session.exec(select(Match).where(Match.mention_id == orig.id)).one()
    assert "Kemensos" in match.matched_terms
    assert any("Kemensos" in p for p in match.passages)
    # A new store (a new run) knows everything already stored or seen.
    again = _store_again(session)
    assert [again.store(i, source_id=None, media_type="online")
            for i in (first, copy, unrelated)] == ["duplicate", "duplicate", "duplicate"]


def _store_again(session) -> MentionStore:  # type: ignore[no-untyped-def]
    profile = session.exec(select(Profile)).one()
    return MentionStore(profiles=[ProfileMatcher(profile.id, profile.name,
                                                 parse_query(profile.query))],
                        cfg=CollectConfig())


def test_a_page_time_without_zone_is_wib(session) -> None:  # type: ignore[no-untyped-def]
    store = collector(session)
    item = Item(url="https://warta.example/kemensos", title="Kemensos", text=ORIGINAL,
                fetch_article=True)
    article = {"text": ORIGINAL, "published": "2026-11-13T09:00:00"}
    assert store.store(item, source_id=None, media_type="online", article=article) == "new"
    mention = session.exec(select(Mention)).one()
    assert mention.published_at == datetime(2026, 11, 13, 2, 0, tzinfo=UTC)


def test_regroup_with_another_threshold(session) -> None:  # type: ignore[no-untyped-def]
    store = collector(session)
    for outlet, text in (("A", ORIGINAL), ("B", SYNDICATED), ("C", OTHER_STORY)):
        store.store(Item(url=f"https://{outlet}.example/x", title="Kemensos", text=text,
                         outlet=outlet), source_id=None, media_type="online")
    assert regroup_duplicates(session, max_distance=3) == 2
    session.commit()
    assert regroup_duplicates(session, max_distance=0) in (2, 3)
