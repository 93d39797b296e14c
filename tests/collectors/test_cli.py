"""The CLI on the bundled demo sample (served by collectors.demo through the real
collectors), exports with the effective sentiment label, and clipping imports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from collectors.api import import_clippings, sample_sources
from collectors.demo import SAMPLE_CLIPPINGS
from collectors.models import Match, Mention
from pantau.config import get_config
from pantau.core.errors import InputError
from sentiment.models import SentimentLabel
from tests.collectors.helpers import assert_match_times_copied


def test_demo_sample_through_the_cli(write_config, cli_runner, session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with sample_sources() as sample:
        write_config(sample.toml())
        result = cli_runner(["collect"])
    assert "sumber" in result.output and "diambil" in result.output and "duplikat" in result.output
    assert "Mengambil 28 halaman artikel baru" in result.output
    mentions = session.exec(select(Mention)).all()
    online = [m for m in mentions if m.media_type == "online"]
    social = [m for m in mentions if m.media_type == "media sosial"]
    assert len(online) == 25 and len(social) == 6
    # four syndicated copies grouped with their originals
    groups = {m.duplicate_group for m in online}
    assert len(groups) == len(online) - 4
    # the English article and the excluded "Dinas Sosial Kota" story are not stored
    assert not any("Dinas Sosial Kota" in m.title or m.language == "en" for m in mentions)

    clip = cli_runner(["clippings", "import", str(SAMPLE_CLIPPINGS)])
    assert "8 baris, 8 baru" in clip.output
    again = cli_runner(["clippings", "import", str(SAMPLE_CLIPPINGS)])
    assert "0 baru, 8 sudah ada" in again.output
    # Collected and imported, every match carries its mention's time.
    assert assert_match_times_copied(session) >= 25 + 6 + 8

    sources = cli_runner(["sources"])
    assert "Warta Nusantara (RSS)" in sources.output and "Kliping manual" in sources.output

    # An analyst's label wins over the model's in exports.
    first, second = session.exec(select(Match).order_by(Match.id)).all()[:2]
    session.add(SentimentLabel(match_id=first.id, model_label="netral", human_label="negatif"))
    session.add(SentimentLabel(match_id=second.id, model_label="positif"))
    session.commit()

    listing = cli_runner(["mentions", "list", "--media-type", "televisi"])
    assert "TV Nusantara" in listing.output and "Warta" not in listing.output

    out = tmp_path / "m.csv"
    cli_runner(["mentions", "export", "--format", "csv", "--out", str(out)])
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 25 + 6 + 8
    assert {"id", "url", "title", "outlet", "media_type", "published_at", "profile",
            "duplicate_group", "sentiment"} <= set(rows[0])
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[first.mention_id]["sentiment"] == "negatif"
    assert by_id[second.mention_id]["sentiment"] == "positif"
    assert sum(1 for r in rows if r["sentiment"] == "") == len(rows) - 2

    out_jsonl = tmp_path / "m.jsonl"
    cli_runner(["mentions", "export", "--format", "jsonl", "--out", str(out_jsonl),
                "--since", "2026-11-08", "--until", "2026-11-08", "--profile", "kemensos"])
    records = [json.loads(line) for line in out_jsonl.read_text(encoding="utf-8").splitlines()]
    assert records and all(r["published_at"].startswith("2026-11-08") for r in records)
    assert all(r["profile"] == "kemensos" and r["passages"] for r in records)
    # --period takes a period like every other command; the same day as a range.
    by_period = tmp_path / "p.jsonl"
    cli_runner(["mentions", "export", "--format", "jsonl", "--out", str(by_period),
                "--period", "2026-11-08..2026-11-08", "--profile", "kemensos"])
    assert by_period.read_text(encoding="utf-8") == out_jsonl.read_text(encoding="utf-8")
    month = cli_runner(["mentions", "list", "--period", "2026-10", "--limit", "5"])
    assert "Tidak ada pemberitaan" in month.output
    both = cli_runner(["mentions", "list", "--period", "2026-11", "--since", "2026-11-01"],
                      expect_ok=False)
    assert both.exit_code != 0 and "bukan keduanya" in both.output

    out_xlsx = tmp_path / "m.xlsx"
    cli_runner(["mentions", "export", "--format", "xlsx", "--out", str(out_xlsx),
                "--outlet", "sinar pagi"])
    sheet = load_workbook(out_xlsx).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("id", "url", "title", "outlet")
    assert len(values) > 1 and all(v[3] == "Harian Sinar Pagi" for v in values[1:])

    regroup = cli_runner(["mentions", "regroup"])
    assert "cerita unik" in regroup.output


def test_clipping_validation_is_all_or_nothing(write_config, tmp_path: Path, session) -> None:  # type: ignore[no-untyped-def]
    write_config("[[profiles]]\nname = \"kemensos\"\nquery = 'Kemensos'\n")
    bad = tmp_path / "kliping-salah.csv"
    bad.write_text(
        "tanggal;media;jenis_media;judul;ringkasan;halaman\n"
        "2026-11-03;Koran A;cetak;Kemensos salurkan PKH;Ringkasan;Hal. 4\n"
        "32/13/2026;Koran B;cetak;Kemensos lagi;Ringkasan;Hal. 2\n"
        "2026-11-04;;koran;Kemensos ketiga;;\n"
        "2026-11-05;TV C;podcast;;;\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_clippings(bad, config=get_config())
    problems = err.value.problems
    assert "kliping-salah.csv baris 3, kolom 'tanggal': tanggal tidak dikenali '32/13/2026'" \
        in problems[0]
    assert any("baris 4, kolom 'media'" in p for p in problems)
    assert any("baris 5, kolom 'jenis_media': jenis media 'podcast'" in p for p in problems)
    assert any("baris 5, kolom 'judul'" in p for p in problems)
    assert "tidak ada yang disimpan" in str(err.value)
    assert session.exec(select(Mention)).all() == []

    missing = tmp_path / "tanpa-kolom.csv"
    missing.write_text("tanggal,judul\n2026-11-03,Kemensos\n", encoding="utf-8")
    with pytest.raises(InputError, match="kolom wajib tidak ada: media, jenis_media"):
        import_clippings(missing, config=get_config())


def test_clippings_from_xlsx(write_config, tmp_path: Path, session) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    write_config("[[profiles]]\nname = \"kemensos\"\nquery = 'Kemensos OR Mensos'\n")
    path = tmp_path / "kliping.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Tanggal", "Media", "Jenis Media", "Judul", "Transkrip", "Program"])
    ws.append([datetime(2026, 11, 5, 7, 0), "TV Nusantara", "TV", "Mensos di Demak",
               "Mensos meninjau pengungsi banjir. Warga senang.", "Pagi Ini"])
    ws.append(["06/11/2026", "RRI", "radio", "Cuaca", "Hujan deras.", "Warta"])
    wb.save(path)
    result = import_clippings(path, config=get_config())
    assert (result.rows, result.new, result.unmatched) == (2, 2, 1)
    tv = session.exec(select(Mention).where(Mention.outlet == "TV Nusantara")).one()
    assert tv.media_type == "televisi" and tv.url is None
    assert tv.published_at.isoformat() == "2026-11-05T00:00:00+00:00"  # 07:00 WIB
    assert tv.extra["halaman_atau_program"] == "Pagi Ini"
    match = session.exec(select(Match).where(Match.mention_id == tv.id)).one()
    assert match.passages == ["Mensos di Demak", "Mensos meninjau pengungsi banjir."]
    assert match.published_at == tv.published_at
