"""`pantau survey ...` end to end: import, score, report (read back), template, units, demo."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from survey.demo import SAMPLE_DIR
from survey.questionnaire import ELEMENT_NAMES, ELEMENTS
from tests.survey.helpers import GOOD, HEADERS, write_csv

PPID_SAMPLE = SAMPLE_DIR / "ppid-formulir-2026-s1.csv"
HUMAS_SAMPLE = SAMPLE_DIR / "humas-rekap-2026-s1.csv"


def test_import_then_score_json(cli_runner, tmp_path):
    path = write_csv(tmp_path / "data.csv", HEADERS, GOOD)
    out = cli_runner(["survey", "import", str(path), "--unit", "PPID", "--new-unit",
                      "--period", "2025-S1"])
    assert "3 respons dari data.csv disimpan untuk unit PPID, periode 2025-S1" in out.output
    again = cli_runner(["survey", "import", str(path), "--unit", "PPID", "--period", "2025-S1"])
    assert "sudah pernah diimpor" in again.output
    result = cli_runner(["survey", "score", "--unit", "PPID", "--period", "2025", "--json"])
    data = json.loads(result.output)
    assert data["respondents"] == 3
    assert list(data["nrr"]) == list(ELEMENT_NAMES)
    # sums 10 9 8 12 9 10 11 7 9 = 85; IKM = 85 / 3 / 9 x 25 = 78.70
    assert data["ikm"] == 78.7 and data["grade"] == "B" and data["label"] == "Baik"
    text = cli_runner(["survey", "score", "--unit", "PPID", "--period", "2025-S1"]).output
    assert "IKM: 78,70  Mutu: B (Baik)" in text and "Prioritas perbaikan:" in text


def test_import_errors_are_shown_without_traceback(cli_runner, tmp_path):
    rows = [r[:] for r in GOOD]
    rows[0][7] = "5"
    path = write_csv(tmp_path / "data.csv", HEADERS, rows)
    result = cli_runner(["survey", "import", str(path), "--unit", "X", "--new-unit",
                         "--period", "2025-S1"],
                        expect_ok=False)
    assert result.exit_code == 1
    assert "Galat: Impor data.csv dibatalkan" in result.output
    assert "data.csv, baris 2, kolom H ('U1'): nilai '5' di luar rentang 1-4" in result.output
    assert "Traceback" not in result.output
    dry = cli_runner(["survey", "import", str(path), "--unit", "X", "--new-unit",
                      "--period", "2025-S1",
                      "--dry-run"], expect_ok=False)
    assert dry.exit_code == 1 and "Uji coba" in dry.output and "baris 2" in dry.output
    skip = cli_runner(["survey", "import", str(path), "--unit", "X", "--new-unit",
                       "--period", "2025-S1",
                       "--skip-invalid", "--rejected", str(tmp_path / "tolak.csv")])
    assert "2 respons" in skip.output and "1 baris ditolak" in skip.output
    assert (tmp_path / "tolak.csv").is_file()
    bad_period = cli_runner(["survey", "score", "--unit", "X", "--period", "2025-Q9"],
                            expect_ok=False)
    assert "Galat: Periode '2025-Q9' tidak dikenali" in bad_period.output
    unknown = cli_runner(["survey", "score", "--unit", "NOPE", "--period", "2025"],
                         expect_ok=False)
    assert "Galat: Unit layanan 'NOPE' tidak ditemukan" in unknown.output
    empty = cli_runner(["survey", "score", "--unit", "X", "--period", "2024"], expect_ok=False)
    assert "Belum ada respons survei" in empty.output


def test_report_xlsx_and_pdf_read_back(cli_runner, tmp_path, write_config):
    write_config('[survey]\nspreadsheet_weights = true\n\n[[survey.units]]\ncode = "HUMAS"\n'
                 'name = "Bagian Hubungan Masyarakat"\npopulation = 150\n')
    cli_runner(["survey", "import", str(HUMAS_SAMPLE), "--unit", "HUMAS", "--period",
                "2026-S1"])
    score = json.loads(cli_runner(["survey", "score", "--unit", "HUMAS", "--period", "2026-S1",
                                   "--json"]).output)
    out = tmp_path / "laporan"
    result = cli_runner(["survey", "report", "--unit", "HUMAS", "--period", "2026-S1",
                         "--format", "xlsx,html,pdf", "--out", str(out)])
    assert "skm-humas-2026-s1.pdf" in result.output

    workbook = load_workbook(out / "skm-humas-2026-s1.xlsx", read_only=True)
    assert {"Ringkasan", "Pengolahan Data", "Per jenis layanan", "Menurut pendidikan",
            "Saran"} <= set(workbook.sheetnames)
    summary = {r[0]: r[1] for r in workbook["Ringkasan"].iter_rows(values_only=True)
               if len(r) > 1}
    assert summary["Jumlah responden"] == 96
    assert summary["IKM"] == score["ikm"] and summary["Mutu pelayanan"] == score["grade"]
    assert "praktik spreadsheet" in summary["Metode"]
    assert "kurang dari sampel minimum 108" in summary["Peringatan"]
    rows = [r for r in workbook["Pengolahan Data"].iter_rows(values_only=True) if r]
    assert rows[0][-9:] == tuple(e.code for e in ELEMENTS)
    respondents = [r for r in rows[1:] if isinstance(r[0], int)]
    assert len(respondents) == 96
    totals = next(r for r in rows if r and r[0] == "Σ nilai per unsur")
    assert list(totals[-9:]) == [sum(r[-9 + i] for r in respondents) for i in range(9)]
    nrr_row = next(r for r in rows if r and r[0] == "NRR per unsur")
    assert list(nrr_row[-9:]) == [e["nrr_printed"] for e in score["elements"]]
    assert any(r and r[0] == "Mutu pelayanan" for r in rows)

    html = (out / "skm-humas-2026-s1.html").read_text(encoding="utf-8")
    assert "Indeks Kepuasan Masyarakat" in html and "data:image/png;base64" in html
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(["pdftotext", "-layout", str(out / "skm-humas-2026-s1.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Laporan Survei Kepuasan Masyarakat" in text
    assert "Bagian Hubungan Masyarakat" in text
    ikm_text = f"{score['ikm']:.2f}".replace(".", ",")
    assert ikm_text in text and f"{score['grade']} ({score['label']})" in text
    assert "prioritas perbaikan" in text and "Profil responden" in text


def test_report_for_every_unit_and_bad_format(cli_runner, tmp_path):
    cli_runner(["survey", "import", str(PPID_SAMPLE), "--unit", "PPID", "--new-unit",
                "--period", "2026-S1"])
    cli_runner(["survey", "import", str(HUMAS_SAMPLE), "--unit", "HUMAS", "--new-unit", "--period",
                "2026-S1"])
    data = json.loads(cli_runner(["survey", "score", "--period", "2026", "--json"]).output)
    assert data["respondents"] == 112 + 96 and data["unit"] is None
    tw1 = cli_runner(["survey", "score", "--period", "2026-TW1"], expect_ok=False)
    assert "Belum ada respons survei untuk semua unit" in tw1.output
    out = tmp_path / "r"
    cli_runner(["survey", "report", "--period", "2026", "--format", "xlsx", "--out", str(out)])
    workbook = load_workbook(out / "skm-semua-unit-2026.xlsx", read_only=True)
    units = [r[0] for r in workbook["Per unit layanan"].iter_rows(values_only=True)][1:]
    assert sorted(units) == ["HUMAS", "PPID"]
    bad = cli_runner(["survey", "report", "--period", "2026", "--format", "odt"],
                     expect_ok=False)
    assert "Format laporan tidak dikenal: odt" in bad.output


def test_template_round_trip(cli_runner, tmp_path):
    xlsx = tmp_path / "templat.xlsx"
    cli_runner(["survey", "template", "--out", str(xlsx)])
    workbook = load_workbook(xlsx)
    sheet = workbook["Data"]
    headers = [c.value for c in sheet[1]]
    assert headers[-10:-1] == [f"{e.code} {e.name}" for e in ELEMENTS]
    assert "Petunjuk" in workbook.sheetnames
    sheet.append([1, "2025-03-01", "L", 30, "SMA", "PNS", "Informasi", 4, 4, 4, 4, 4, 4, 4, 4,
                  4, "Mantap"])
    workbook.save(xlsx)
    result = cli_runner(["survey", "import", str(xlsx), "--unit", "X", "--new-unit",
                         "--period", "2025-S1"])
    assert "1 respons" in result.output
    csv_path = tmp_path / "templat.csv"
    cli_runner(["survey", "template", "--out", str(csv_path)])
    assert csv_path.read_text(encoding="utf-8-sig").startswith("No;Tanggal Survei;")



def test_template_of_the_2004_questionnaire_round_trip(cli_runner, write_config, tmp_path,
                                                       monkeypatch):
    """The 14-element template (Kepmenpan 25/2004), chosen by --metode or by the unit's
    method, is read back by the importer as a 25/2004 file and scored by that method."""
    from survey.questionnaire import ELEMENTS_2004

    write_config('[[survey.units]]\ncode = "LAMA"\nname = "Perizinan"\n'
                 'method = "25/2004"\nservices = ["Izin usaha"]\n')
    xlsx = tmp_path / "lama.xlsx"
    out = cli_runner(["survey", "template", "--out", str(xlsx), "--unit", "LAMA"]).output
    assert "kuesioner metode 25/2004" in out
    workbook = load_workbook(xlsx)
    headers = [c.value for c in workbook["Data"][1]]
    assert headers[-15:-1] == [f"{e.code} {e.name}" for e in ELEMENTS_2004]
    guide = [r[0] for r in workbook["Petunjuk"].iter_rows(values_only=True) if r[0]]
    assert guide[0] == ("Petunjuk pengisian Survei Kepuasan Masyarakat (Kepmenpan Nomor "
                        "KEP/25/M.PAN/2/2004, 14 unsur)")
    # 14 answers of 3 and one of 4 (U14): 43 / 14 x 25 = 76.79 -> B (62,51-81,25).
    workbook["Data"].append([1, "2025-03-01", "L", 30, "SMA", "PNS", "Izin usaha",
                             *[3] * 13, 4, ""])
    workbook.save(xlsx)
    cli_runner(["survey", "import", str(xlsx), "--unit", "LAMA", "--period", "2025-S1"])
    score = json.loads(cli_runner(["survey", "score", "--unit", "LAMA", "--period",
                                   "2025-S1", "--json"]).output)
    assert (score["method"], score["ikm"], score["grade"]) == ("25/2004", 76.79, "B")
    # Without a unit, --metode chooses; the default name says which questionnaire it is.
    monkeypatch.chdir(tmp_path)
    cli_runner(["survey", "template", "--metode", "25/2004"])
    assert (tmp_path / "templat-skm-25-2004.xlsx").is_file()
    bad = cli_runner(["survey", "template", "--metode", "16/2014"], expect_ok=False)
    assert "16/2014" in bad.output

def test_units_list(cli_runner, write_config):
    assert "Belum ada unit layanan" in cli_runner(["survey", "units"]).output
    write_config('[[survey.units]]\ncode = "PPID"\nname = "PPID Pusat"\n'
                 'services = ["Informasi", "Keberatan"]\npopulation = 1000\n')
    out = cli_runner(["survey", "units"]).output
    assert "PPID: PPID Pusat - 0 respons, populasi 1000 (sampel minimum 278)" in out
    assert "- Keberatan" in out


def test_sample_files_are_what_the_readme_says():
    assert PPID_SAMPLE.read_bytes().decode("utf-8").startswith("Cap waktu,")
    raw = HUMAS_SAMPLE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("cp1252").startswith("No;Tanggal;")


def test_help_is_indonesian(cli_runner):
    out = cli_runner(["survey", "--help"]).output
    assert "Survei Kepuasan Masyarakat" in out
    assert Path(PPID_SAMPLE).exists()


def test_batches_and_remove_batch(cli_runner, tmp_path):
    path = write_csv(tmp_path / "salah-unit.csv", HEADERS, GOOD)
    cli_runner(["survey", "import", str(path), "--unit", "SALAH", "--new-unit",
                "--period", "2025-S1"])
    listing = cli_runner(["survey", "batches"]).output
    row = r"^ +1  \S+ \S+ WIB  salah-unit\.csv  SALAH  2025-S1  +3  +0$"
    assert re.search(row, listing, re.M), listing
    removed = cli_runner(["survey", "remove-batch", "1", "--yes"]).output
    assert "3 respons" in removed
    assert "Belum ada berkas" in cli_runner(["survey", "batches"]).output
    again = cli_runner(["survey", "import", str(path), "--unit", "PPID", "--new-unit",
                        "--period", "2025-S1"])
    assert "3 respons dari salah-unit.csv disimpan untuk unit PPID" in again.output
    missing = cli_runner(["survey", "remove-batch", "99", "--yes"], expect_ok=False)
    assert "Galat: Impor nomor 99 tidak ditemukan" in missing.output
