"""Issue 12 (survey) end to end: `survey score --json/--weights`, the rencana tindak lanjut
from the CLI with its audit trail, and the SKM report's chapters in PDF and DOCX."""

from __future__ import annotations

import json
import subprocess

from docx import Document as WordDocument
from sqlmodel import select

from pantau.core.audit import AuditEvent
from pantau.core.db import session_scope
from survey.demo import SAMPLE_DIR

HUMAS_SAMPLE = SAMPLE_DIR / "humas-rekap-2026-s1.csv"
HUMAS_TOML = ('[[survey.units]]\ncode = "HUMAS"\nname = "Bagian Hubungan Masyarakat"\n'
              'population = 150\n')
EXISTING_KEYS = {"unit", "period", "service", "respondents", "nrr", "ikm", "grade", "label",
                 "ikm_unrounded", "spreadsheet_weights", "method", "elements", "priorities",
                 "population", "min_sample", "sample_warning"}


def _import_humas(cli_runner, write_config) -> None:
    write_config(HUMAS_TOML)
    cli_runner(["survey", "import", str(HUMAS_SAMPLE), "--unit", "HUMAS", "--period",
                "2026-S1"])


def test_score_json_keeps_its_keys_and_adds_method_weights_ci95(cli_runner, write_config):
    _import_humas(cli_runner, write_config)
    data = json.loads(cli_runner(["survey", "score", "--unit", "HUMAS", "--period",
                                  "2026-S1", "--json"]).output)
    assert EXISTING_KEYS | {"weights", "ci95"} <= set(data)
    assert (data["method"], data["weights"], data["respondents"]) == ("14/2017", "baku", 96)
    low, high = data["ci95"]
    assert low < data["ikm"] < high and high - low < 5  # 96 of 150: a narrow interval
    u1 = data["elements"][0]
    # HUMAS U1: 302 points from 96 respondents; 302/96/9 = 0.34954 -> 0,350 (rounded once)
    assert (u1["total"], u1["answers"], u1["weighted_printed"]) == (302, 96, 0.35)
    text = cli_runner(["survey", "score", "--unit", "HUMAS", "--period", "2026-S1"]).output
    assert "| 0,350" in text or " 0,350" in text
    assert "Selang kepercayaan 95%" in text and "belum memenuhi sampel minimum" in text
    variant = json.loads(cli_runner(["survey", "score", "--unit", "HUMAS", "--period",
                                     "2026-S1", "--weights", "0,11", "--json"]).output)
    assert variant["weights"] == "0,11" and "VARIAN REKONSILIASI" in variant["method_label"]
    assert variant["ikm"] < data["ikm"]
    shown = cli_runner(["survey", "score", "--unit", "HUMAS", "--period", "2026-S1",
                        "--weights", "0.11"]).output
    assert "Metode: 14/2017: VARIAN REKONSILIASI bobot 0,11" in shown
    bad = cli_runner(["survey", "score", "--unit", "HUMAS", "--period", "2026-S1",
                      "--weights", "0,2"], expect_ok=False)
    assert "Galat: Varian bobot '0,2' tidak dikenal" in bad.output


def test_followups_from_the_cli_are_audited_and_printed(cli_runner, write_config, tmp_path):
    _import_humas(cli_runner, write_config)
    added = cli_runner(["survey", "rtl", "add", "--unit", "HUMAS", "--period", "2026-S1",
                        "--element", "U8", "--action", "Balas cepat",
                        "--owner", "Kasubbag Humas", "--deadline", "2026-09-30",
                        "--by", "rina"])
    assert "Tindak lanjut nomor 1 ditambahkan" in added.output
    cli_runner(["survey", "rtl", "update", "1", "--status", "berjalan", "--evidence",
                "SOP pengaduan", "--by", "budi"])
    listed = cli_runner(["survey", "rtl", "list", "--unit", "HUMAS", "--period",
                         "2026-S1"]).output
    assert "Balas cepat" in listed and "Berjalan" in listed and "SOP pengaduan" in listed
    bad = cli_runner(["survey", "rtl", "update", "1", "--status", "beres", "--by", "x"],
                     expect_ok=False)
    assert "Status tindak lanjut 'beres' tidak dikenal" in bad.output
    wrong = cli_runner(["survey", "rtl", "add", "--unit", "HUMAS", "--period", "2026-S1",
                        "--element", "U12", "--action", "a", "--owner", "b", "--by", "x"],
                       expect_ok=False)
    assert "Unsur 'U12' tidak ada pada metode 14/2017" in wrong.output
    with session_scope() as s:
        actions = [(e.action, e.actor) for e in s.exec(
            select(AuditEvent).where(AuditEvent.entity == "survey_followup")
            .order_by(AuditEvent.id)).all()]  # type: ignore[arg-type]
    assert actions == [("followup.add", "rina"), ("followup.update", "budi")]

    out = tmp_path / "laporan"
    cli_runner(["survey", "report", "--unit", "HUMAS", "--period", "2026-S1", "--format",
                "pdf,docx", "--out", str(out)])
    pdf = subprocess.run(["pdftotext", "-layout", str(out / "skm-humas-2026-s1.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    word = WordDocument(str(out / "skm-humas-2026-s1.docx"))
    docx_text = "\n".join([p.text for p in word.paragraphs] + [
        c.text for t in word.tables for row in t.rows for c in row.cells])
    for text in (pdf, docx_text):
        for chapter in ("BAB I. Pendahuluan", "BAB II. Hasil survei", "BAB III. Analisis",
                        "BAB IV. Rencana tindak lanjut", "BAB V. Lampiran"):
            assert chapter in text
        assert "Balas cepat" in text and "Kasubbag" in text
        assert "Jumlah NRR tertimbang" in text and "Krejcie-Morgan" in text
        assert "Selang kepercayaan 95%" in text and "14/2017" in text
    cli_runner(["survey", "rtl", "remove", "1", "--by", "rina", "--yes"])
    assert "Belum ada rencana" in cli_runner(["survey", "rtl", "list"]).output


def test_trend_against_previous_periods(cli_runner, write_config, tmp_path):
    from pantau.core.periods import parse_period
    from survey.api import ikm_trend
    from survey.config import SurveyConfig
    from survey.units import resolve_scope

    from .helpers import GOOD, HEADERS, write_csv

    write_config(HUMAS_TOML)
    path = write_csv(tmp_path / "lalu.csv", HEADERS, [[*r[:1], "2025-08-01", *r[2:]]
                                                      for r in GOOD])
    cli_runner(["survey", "import", str(path), "--unit", "HUMAS", "--period", "2025-S2"])
    cli_runner(["survey", "import", str(HUMAS_SAMPLE), "--unit", "HUMAS", "--period",
                "2026-S1"])
    survey = SurveyConfig.model_validate({"units": [{"code": "HUMAS", "name": "Humas"}]})
    with session_scope() as s:
        scope = resolve_scope(s, survey=survey, unit="HUMAS", service=None)
        trend = ikm_trend(s, survey=survey, scope=scope, period=parse_period("2026-S1"))
    # 2025-S2: the three GOOD respondents (IKM 78.70, worked in test_cli); then 2026-S1.
    assert [(p.code, s.ikm) for p, s in trend][0] == ("2025-S2", 78.7)
    assert [p.code for p, _ in trend] == ["2025-S2", "2026-S1"]
    out = tmp_path / "laporan"
    cli_runner(["survey", "report", "--unit", "HUMAS", "--period", "2026-S1", "--format",
                "html", "--out", str(out)])
    html = (out / "skm-humas-2026-s1.html").read_text(encoding="utf-8")
    assert "Tren IKM" in html and "2025-S2" in html and "78,70" in html
