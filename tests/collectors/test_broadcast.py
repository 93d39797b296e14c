"""TV and radio transcripts (SRT, WebVTT, timed text) imported as broadcast mentions with
time-stamped evidence passages."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from collectors.broadcast import parse_transcript, timed_passages
from collectors.models import Match, Mention
from pantau.core.db import session_scope
from pantau.core.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "broadcast"
CONFIG = """
[institution]
name = "Kementerian Sosial"

[[profiles]]
name = "kemensos"
query = '"Kementerian Sosial" OR Kemensos OR "Menteri Sosial"'
"""


def test_srt_cues_keep_their_times_and_lose_markup() -> None:
    cues = parse_transcript((FIXTURES / "berita-pagi.srt").read_text(encoding="utf-8"))
    assert len(cues) == 5
    assert cues[2].start == timedelta(minutes=12, seconds=31, milliseconds=200)
    assert cues[2].text == ("Kementerian Sosial dinilai lamban menyalurkan bantuan kepada "
                            "para pengungsi.")


def test_webvtt_and_timed_text() -> None:
    vtt = parse_transcript((FIXTURES / "dialog-radio.vtt").read_text(encoding="utf-8"))
    assert [c.start for c in vtt] == [timedelta(minutes=5, seconds=10),
                                      timedelta(minutes=5, seconds=14, milliseconds=500)]
    txt = parse_transcript((FIXTURES / "catatan-pantauan.txt").read_text(encoding="utf-8"))
    assert [c.start for c in txt] == [timedelta(hours=7, minutes=1),
                                      timedelta(hours=7, minutes=15, seconds=30),
                                      timedelta(hours=7, minutes=16)]
    assert txt[1].text.endswith("bantuan Kementerian Sosial tiba hari ini.")  # continued line


def test_passages_are_the_air_time_around_each_mention() -> None:
    cues = parse_transcript((FIXTURES / "berita-pagi.srt").read_text(encoding="utf-8"))
    assert timed_passages(cues, ["Kementerian Sosial"]) == [
        "[00:12:28] Banjir melanda tiga kecamatan di Kabupaten Bekasi. Kementerian Sosial "
        "dinilai lamban menyalurkan bantuan kepada para pengungsi. Warga mengeluhkan dapur "
        "umum baru berdiri hari ketiga."]


def test_context_stays_within_one_stretch_of_air_time() -> None:
    """A cue minutes away is another item of the programme: never context, never joined."""
    cues = parse_transcript("[00:00:11] Banjir merendam Bekasi sejak Jumat.\n"
                            "[00:08:02] Menteri Sosial meninjau dapur umum.\n"
                            "[00:08:09] Warga mengaku bantuan belum sampai.\n"
                            "[00:15:40] Kemensos juga membuka layanan trauma healing.\n"
                            "[00:15:46] Berikutnya, prakiraan cuaca.")
    assert timed_passages(cues, ["Menteri Sosial", "Kemensos"]) == [
        "[00:08:02] Menteri Sosial meninjau dapur umum. Warga mengaku bantuan belum sampai.",
        "[00:15:40] Kemensos juga membuka layanan trauma healing. Berikutnya, prakiraan cuaca."]


def test_text_without_times_is_refused_in_indonesian() -> None:
    with pytest.raises(InputError, match="tidak ada teks bertanda waktu"):
        parse_transcript("Hanya teks biasa tanpa waktu.", name="x.txt")


def test_import_stores_one_broadcast_mention_once(cli_runner: Any, write_config: Any) -> None:
    write_config(CONFIG)
    args = ["clippings", "transcript", str(FIXTURES / "berita-pagi.srt"), "--channel", "TVRI",
            "--programme", "Klik Indonesia Pagi", "--aired", "2026-11-05 07:00"]
    first = cli_runner(args).output
    assert "1 bagian menyebut profil" in first
    again = cli_runner(args).output
    assert "sudah pernah diimpor" in again
    with session_scope() as s:
        mentions = s.exec(select(Mention)).all()
        assert len(mentions) == 1
        mention = mentions[0]
        assert (mention.media_type, mention.outlet) == ("televisi", "TVRI")
        assert mention.published_at == datetime.fromisoformat("2026-11-05T00:00:00+00:00")
        assert mention.extra["program"] == "Klik Indonesia Pagi"
        match = s.exec(select(Match)).one()
        assert match.published_at == mention.published_at
        assert match.passages[0].startswith("[00:12:28] ")
        assert "dinilai lamban" in match.passages[0]


def test_radio_import_and_bad_input(cli_runner: Any, write_config: Any) -> None:
    write_config(CONFIG)
    ok = cli_runner(["clippings", "transcript", str(FIXTURES / "dialog-radio.vtt"),
                     "--channel", "RRI Pro 3", "--programme", "Dialog Pagi",
                     "--aired", "2026-11-06 08:00", "--media-type", "radio"]).output
    assert "pemberitaan radio" in ok
    bad = cli_runner(["clippings", "transcript", str(FIXTURES / "dialog-radio.vtt"),
                      "--channel", " ", "--programme", "Dialog", "--aired",
                      "2026-11-06 08:00"], expect_ok=False)
    assert bad.exit_code != 0 and "wajib diisi" in bad.output
