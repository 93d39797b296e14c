"""Article text as stored: no "Baca juga:" related-link lines and no exact repeat of a
paragraph (the stored text feeds the content hash and the SimHash, so copies that differ
only in those lines are exact repeats of each other)."""

from __future__ import annotations

from pathlib import Path

from collectors.dedup import content_hash, simhash
from collectors.demo import SAMPLE_SITE
from collectors.extract import extract_article

LEAD = ("JAKARTA - Kementerian Sosial menyalurkan bantuan sembako kepada 2.000 keluarga korban "
        "banjir di Kabupaten Demak pada Senin pagi.")
BODY = ["Bantuan berisi beras, minyak goreng, gula dan makanan siap saji untuk sepekan.",
        "Kepala desa setempat menyambut baik bantuan itu dan meminta pendataan bersama.",
        "Warga diminta membaca juga petunjuk pengambilan bantuan di balai desa.",
        "Kemensos menyiapkan dapur umum di tiga titik pengungsian sampai air surut."]


def _page(*paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html lang='id'><head><title>Kemensos Salurkan Sembako</title></head><body>"
            f"<article><h1>Kemensos Salurkan Sembako</h1>{body}</article></body></html>")


def test_related_link_lines_and_repeated_paragraphs_are_dropped() -> None:
    html = _page(LEAD, LEAD, BODY[0], "<strong>Baca juga:</strong> <a href='#'>Harga cabai "
                 "di pasar induk naik</a>", BODY[1], "Baca Juga : Tips hemat listrik",
                 "BACA JUGA - Jadwal KRL hari ini", BODY[2], BODY[3], LEAD)
    article = extract_article(html, "https://contoh.id/berita/1")
    assert article is not None
    paragraphs = article["text"].split("\n")
    assert paragraphs.count(LEAD) == 1
    assert not [p for p in paragraphs if p.lower().startswith("baca juga")]
    assert "Harga cabai" not in article["text"]
    assert BODY[2] in paragraphs  # "membaca juga" inside a sentence is the story's own text
    assert all(p in paragraphs for p in BODY)


def test_copies_differing_in_related_links_hash_alike() -> None:
    one = extract_article(_page(LEAD, "Baca juga: Harga cabai naik", *BODY), "https://a.id/1")
    two = extract_article(_page(LEAD, *BODY[:2], "Baca Juga: Viral pengendara", *BODY[2:]),
                          "https://b.id/1")
    assert one is not None and two is not None
    assert one["text"] == two["text"]
    assert content_hash(one["title"], one["text"]) == content_hash(two["title"], two["text"])
    assert simhash(one["title"], one["text"]) == simhash(two["title"], two["text"])


def test_the_demo_sample_pages_keep_no_related_links() -> None:
    pages = sorted(Path(SAMPLE_SITE).glob("*/berita/**/*.html"))
    assert len(pages) >= 28
    for page in pages:
        article = extract_article(page.read_text(encoding="utf-8"), f"https://x.id/{page.name}")
        if article is None:
            continue
        paragraphs = article["text"].split("\n")
        assert "baca juga" not in article["text"].lower(), page.name
        assert len(paragraphs) == len(set(paragraphs)), page.name
