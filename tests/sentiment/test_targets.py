"""Tone toward a target: names, short forms and the marker."""

from __future__ import annotations

from sentiment.targets import (
    MARKER,
    mark_target,
    marked_text,
    profile_target_names,
    target_names,
    target_pattern,
)


def test_known_short_forms_and_regional_names() -> None:
    names = target_names("Kementerian Sosial")
    assert {"Kementerian Sosial", "Kemensos", "Mensos", "Menteri Sosial"} <= set(names)
    assert names == sorted(names, key=lambda n: (-len(n), n))  # longest first
    folded = {n.casefold() for n in names}
    assert {n.casefold() for n in target_names("kemensos")} == folded  # any name finds the body
    assert "Pemkot Bandung" in target_names("Pemerintah Kota Bandung")
    assert "Pemerintah Kabupaten Garut" in target_names("Pemkab Garut")
    assert target_names("Yayasan Sejahtera") == ["Yayasan Sejahtera"]


def test_marker_replaces_whole_names_in_any_case() -> None:
    pattern = target_pattern(target_names("Kementerian Sosial"))
    marked = mark_target("KEMENSOS dan Kementerian Sosial RI; bukan Kemensosial.", pattern)
    assert marked.count(MARKER) == 2
    assert "Kemensosial" in marked
    assert marked_text("Kemensos cepat", None) == "Kemensos cepat"
    assert mark_target("Kemensos cepat", target_pattern([])) == "Kemensos cepat"


def test_profile_target_takes_names_not_topic_words() -> None:
    names = profile_target_names("Kementerian Sosial", ["Mensos", "bansos", "Bansos*", '"PKH"'])
    assert "Mensos" in names and "PKH" in names and "Kemensos" in names
    assert not {"bansos", "Bansos*"} & set(names)
    assert profile_target_names(None, []) == []
