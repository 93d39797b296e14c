"""`pantau demo`: the whole service on the bundled sample, offline, twice."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from sqlalchemy import func
from sqlmodel import select

from collectors.models import Match, Mention
from indicators.models import Plan
from pantau.core.runlog import JobRun
from sentiment.models import SentimentLabel
from survey.models import Response
from tests.collectors.helpers import assert_match_times_copied


def _counts(session):  # type: ignore[no-untyped-def]
    return {model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Mention, Match, SentimentLabel, Response, Plan)}


@pytest.mark.slow
def test_demo_runs_everything_and_stores_nothing_twice(cli_runner, tmp_path, session,
                                                       pantau_env):
    out = tmp_path / "demo"
    first = cli_runner(["demo", "--out", str(out)]).output
    assert "112 respons dari ppid-formulir-2026-s1.csv" in first
    assert "Proses harian 16-11-2026: berhasil" in first
    expected = [
        "survei/skm-semua-unit-2026-s1.pdf", "survei/skm-humas-2026-s1.xlsx",
        "harian/laporan-media-harian-2026-11-16.html",
        "harian/laporan-media-harian-2026-11-16.pdf",
        "indikator/capaian-indikator-2026.xlsx", "indikator/capaian-indikator-2026.pdf",
    ]
    for name in expected:
        assert (out / name).stat().st_size > 1000, name
    counts = _counts(session)
    assert counts["Mention"] >= 30 and counts["Response"] == 112 + 96
    # Every medium the indicator names: a post (and comment) of a newer platform, a TV
    # transcript with its timed passage, and a print scan read by OCR, all matched.
    matched = session.exec(select(Mention).join(Match, Match.mention_id == Mention.id)).all()
    instagram = [m for m in matched if (m.url_key or "").startswith("instagram:")]
    assert len(instagram) == 3 and {m.media_type for m in instagram} == {"media sosial"}
    assert any(m.extra.get("comment") for m in instagram)
    tv = [m for m in matched if (m.url_key or "").startswith("siaran:")]
    assert len(tv) == 1 and "[00:08:02] Menteri Sosial" in tv[0].text
    assert "Instagram @kemensosri: 3 butir" in first
    assert "siaran-tv-nusantara.srt: 6 potongan teks, 1 bagian menyebut profil" in first
    scans = [m for m in matched if (m.url_key or "").startswith("scan:")]
    if shutil.which("tesseract") is not None:  # .ci/run installs it; elsewhere a note
        assert "dibaca dengan OCR, cocok dengan 1 profil" in first
        assert len(scans) == 1 and scans[0].extra["ocr"] == "ocr"
        assert "lumbung sosial" in scans[0].text and (pantau_env / scans[0].extra["gambar"]
                                                      ).is_file()
    else:
        assert "kliping pindaian dilewati: Tesseract belum terpasang" in first
    assert counts["SentimentLabel"] == counts["Match"] and counts["Plan"] == 1
    assert assert_match_times_copied(session) == counts["Match"]

    home = pantau_env
    assert (home / "pantau.toml").is_file() and f"{home / 'pantau.toml'}" in first
    from pantau.config import get_config
    assert [u.code for u in get_config().survey.units] == ["PPID", "HUMAS"]
    assert "pantau serve" in first and "pantau user create admin --role admin" in first
    # The sample's fictional outlets join the office's catalogue corrections, so the
    # report's coverage by outlet scope and province has scopes, not "di luar katalog".
    assert (home / "outlets.csv").is_file() and f"{home / 'outlets.csv'}" in first
    report = (out / "harian/laporan-media-harian-2026-11-16.html").read_text(encoding="utf-8")
    assert "di luar katalog" not in report
    assert "<td>nasional</td>" in report and "<td>Jawa Tengah</td>" in report

    second = cli_runner(["demo", "--out", str(out)]).output
    assert "tidak ada yang baru" in second
    assert "siaran-tv-nusantara.srt: sudah ada" in second
    assert "halaman artikel baru" not in second  # no page fetched twice
    assert "diimpor (" not in second and "tidak berubah" in second  # the plan
    assert "tidak ditulis ulang" in second  # survey reports whose data did not change
    assert "0 dilabeli" in second and "=" not in second.split("Berkas hasil demo")[0]
    assert "Proses harian: Proses harian" not in second
    session.expire_all()
    assert _counts(session) == counts
    daily_runs = session.exec(select(JobRun).where(JobRun.job == "daily")).all()
    assert [r.status for r in daily_runs] == ["berhasil", "berhasil"]

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(["pdftotext", "-layout", str(out / expected[-1]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "IKU-1" in text and "IKU-2" in text
    ikm = json.loads(cli_runner(["survey", "score", "--unit", "HUMAS", "--period", "2026",
                                 "--json"]).output)["ikm"]
    assert f"{ikm:.2f}".replace(".", ",") in text  # the IKM indicator's realisasi
