"""The Boolean query language, the sentence splitter and the matched passages."""

from __future__ import annotations

import pytest

from collectors.query import parse_query, split_sentences
from pantau.core.errors import InputError

KEMENSOS = '("Kementerian Sosial" OR Kemensos OR Mensos) NOT "Dinas Sosial Kota"'


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        (KEMENSOS, "Kemensos menyalurkan bansos.", True),
        (KEMENSOS, "KEMENTERIAN   sosial menyalurkan bansos.", True),
        (KEMENSOS, "Dinas Sosial Kota Bandung dan Kemensos razia pengemis.", False),
        (KEMENSOS, "Dinas Sosial Provinsi dan Kemensos bekerja sama.", True),
        (KEMENSOS, "Kementerian Kesehatan memperluas imunisasi.", False),
        ("Mensos", "Kementerian Sosial", False),  # words, never substrings
        ("menteri", "Kementerian Sosial", False),
        ("bansos", "Penyaluran BANSOS tahap empat", True),
        ("bansos*", "penyaluran bansosnya terlambat", True),
        ('"tepat sasaran"', "bantuan tidak tepat  sasaran", True),
        ('"tepat sasaran"', "sasaran yang tepat", False),
        ("sosial", "Kementerian Sosíal", True),  # accents ignored
        ("Kemensos bansos", "Kemensos salurkan bansos", True),  # implicit AND
        ("Kemensos bansos", "Kemensos salurkan bantuan", False),
        ("Kemensos AND (pungli OR korupsi)", "Dugaan korupsi di Kemensos", True),
        ("Kemensos AND (pungli OR korupsi)", "Kemensos salurkan bantuan", False),
        ("NOT hoaks", "berita biasa", True),
        ("Kemensos NOT hoaks NOT palsu", "Kemensos: tautan palsu", False),
        ("Kemensos NEAR/3 lamban", "Kemensos dinilai sangat lamban", True),
        ("Kemensos NEAR/3 lamban", "lamban sekali kata warga tentang Kemensos", False),
        ("Kemensos NEAR/5 lamban", "lamban sekali kata warga tentang Kemensos", True),
        ('"Menteri Sosial" NEAR/2 (banjir OR gempa)', "Menteri Sosial tinjau banjir", True),
        ("a OR b c", "c saja", False),  # AND binds tighter than OR: a OR (b AND c)
        ("a OR b c", "a saja", True),
        ("e-KTP", "pembuatan e KTP gratis", True),
    ],
)
def test_query_matches(query: str, text: str, expected: bool) -> None:
    assert parse_query(query).matches(text) is expected


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [
        ("(Kemensos OR Mensos", 1, "tidak ditutup"),
        ("Kemensos OR", 12, "terlalu cepat"),
        ("Kemensos) bansos", 9, "tanpa pasangan"),
        ('"Kementerian Sosial', 1, "tidak ditutup"),
        ("Kemensos NEAR lamban", 10, "NEAR/n"),
        ("Kemensos AND ()", 15, "kosong"),
        ("AND Kemensos", 1, "AND"),
        ("", 1, "kosong"),
        ('Kemensos ""', 10, "frasa kosong"),
    ],
)
def test_parse_errors_point_at_the_position(query: str, position: int, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_query(query)
    message = str(err.value)
    assert f"posisi {position})" in message
    assert fragment in message
    caret_line = message.splitlines()[-1]
    assert caret_line.index("^") - 2 == position - 1  # two spaces of indent


def test_matched_terms_and_passages() -> None:
    query = parse_query(KEMENSOS + " OR bansos")
    title = "Mensos Tinjau Banjir Demak"
    body = ("DEMAK - Menteri Sosial meninjau pengungsian. Cuaca hari ini cerah.\n\n"
            "Bupati Demak mengapresiasi Kementerian Sosial. Bantuan tiba cepat.")
    result = query.match(title, body)
    assert result is not None
    assert result.terms == ['"Kementerian Sosial"', "Mensos"]
    assert result.passages == ["Mensos Tinjau Banjir Demak",
                               "Bupati Demak mengapresiasi Kementerian Sosial."]
    assert query.match("Banjir", "Tidak ada kaitan.") is None


def test_negated_terms_are_not_reported() -> None:
    result = parse_query("Kemensos NOT hoaks").match("", "Kemensos membantah isu.")
    assert result is not None and result.terms == ["Kemensos"]


def test_google_syntax() -> None:
    assert parse_query(KEMENSOS).to_google() == (
        '("Kementerian Sosial" OR Kemensos OR Mensos) -"Dinas Sosial Kota"')


def test_indonesian_sentence_splitter() -> None:
    text = ("Kepala Kab. Bogor H. Ahmad, S.H. menerima 1.000 paket senilai Rp 2,5 miliar. "
            "\"Ini sangat membantu,\" katanya. Dr. Siti menambahkan bahwa bantuan tiba "
            "pukul 10.30 WIB. Apa kata warga? Warga senang!\nParagraf baru di sini")
    assert split_sentences(text) == [
        "Kepala Kab. Bogor H. Ahmad, S.H. menerima 1.000 paket senilai Rp 2,5 miliar.",
        "\"Ini sangat membantu,\" katanya.",
        "Dr. Siti menambahkan bahwa bantuan tiba pukul 10.30 WIB.",
        "Apa kata warga?",
        "Warga senang!",
        "Paragraf baru di sini",
    ]


def test_profile_config_rejects_a_bad_query(write_config) -> None:  # type: ignore[no-untyped-def]
    from pantau.config import get_config
    from pantau.core.errors import ConfigError

    write_config('[[profiles]]\nname = "x"\nquery = "(Kemensos"\n')
    with pytest.raises(ConfigError) as err:
        get_config()
    assert "posisi 1" in str(err.value)
