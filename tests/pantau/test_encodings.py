"""A CSV in an East Asian encoding (Shift-JIS, GBK, Big5, EUC-KR) is refused with a clear
Indonesian message instead of being read as Windows-1252 mojibake; Indonesian Windows-1252
text (typographic quotes, accents, "Jum’at") is still read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pantau.core.encodings import east_asian_encoding
from tests.properties import run_door

HEADER = "tanggal;media;judul\n"
JAPANESE = HEADER + "2026-05-01;朝日新聞;社会省が支援を発表\n"


@pytest.mark.parametrize(("codec", "name"), [("shift_jis", "Shift-JIS"), ("gbk", "GBK"),
                                             ("big5", "Big5"), ("euc_kr", "EUC-KR")])
def test_east_asian_encodings_are_named(codec: str, name: str) -> None:
    text = {"euc_kr": HEADER + "2026-05-01;조선일보;사회부 지원 발표\n",
            "big5": HEADER + "2026-05-01;聯合報;社會部宣佈援助\n"}.get(codec, JAPANESE)
    found = east_asian_encoding(text.encode(codec))
    # GBK's double bytes cover EUC-KR's and Big5's: the name is a guess, the refusal is not.
    assert found is not None, codec
    if codec == "shift_jis":
        assert found.startswith(name), found


@pytest.mark.parametrize("text", [
    "Jum’at, 1 Mei: “Bansos” cair – kata Menteri; café Rp 5.000 ½ harga «promo» ©",
    "Kantor buka Jum’at dan Sabtu’s; né ° µ ±",
    "tanpa huruf non-ASCII sama sekali"])
def test_indonesian_windows_1252_text_is_not_taken_for_east_asian(text: str) -> None:
    assert east_asian_encoding((HEADER + f"2026-05-01;Antara;{text}\n").encode("cp1252")) is None


def test_a_shift_jis_clipping_file_is_refused_in_indonesian(cli_runner: Any,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "kliping.csv"
    path.write_bytes(JAPANESE.encode("shift_jis"))
    ok, output = run_door(cli_runner, ["clippings", "import", str(path)])
    assert not ok and "kliping.csv" in output and "Shift-JIS" in output, output
    assert "Simpan ulang sebagai CSV UTF-8" in output


def test_a_shift_jis_survey_file_is_refused_in_indonesian(cli_runner: Any,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "survei.csv"
    path.write_bytes("tanggal;u1;u2;saran\n2026-05-01;4;3;良いサービスです\n".encode("shift_jis"))
    ok, output = run_door(cli_runner, ["survey", "import", str(path), "--unit", "PPID",
                                       "--period", "2026-05"])
    assert not ok and "survei.csv" in output and "Shift-JIS" in output, output


def test_a_shift_jis_plan_csv_is_refused_in_indonesian(cli_runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "rencana.csv"
    path.write_bytes(("jenis,unit_kerja,tahun,sasaran,indikator,satuan\n"
                      "IKU,広報局,2026,目標,指標,%\n").encode("shift_jis"))
    ok, output = run_door(cli_runner, ["plan", "import", str(path)])
    assert not ok and "Shift-JIS" in output, output
