"""Every file the survey writes (report workbook, template, rejected rows, synthetic sample)
keeps outside text as text: `=HYPERLINK(...)` is never a live formula, and a control
character a spreadsheet cannot hold does not make the file fail."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from survey import synthetic
from tests.survey.helpers import GOOD, HEADERS, write_csv

FORMULA = '=HYPERLINK("http://contoh.invalid","klik")'
CONTROL = "Antri\x0blama\x1b sekali"


def _rows_with_outside_text() -> list[list[str]]:
    rows = [r[:] for r in GOOD]
    rows[0][-1] = FORMULA
    rows[1][-1] = CONTROL
    rows[2][6] = "=1+1"  # a service name as a file wrote it
    return rows


def test_report_workbook_keeps_saran_and_names_as_text(cli_runner, tmp_path):
    path = write_csv(tmp_path / "d.csv", HEADERS, _rows_with_outside_text())
    cli_runner(["survey", "import", str(path), "--unit", "X", "--new-unit", "--period", "2025-S1"])
    out = tmp_path / "laporan"
    cli_runner(["survey", "report", "--unit", "X", "--period", "2025-S1", "--format", "xlsx",
                "--out", str(out)])
    workbook = load_workbook(out / "skm-x-2025-s1.xlsx")
    saran = {c.value: c.data_type for row in workbook["Saran"].iter_rows(min_row=2)
             for c in row[1:]}
    assert saran == {FORMULA: "s", "Antrilama sekali": "s", "Antrean lama": "s"}
    services = [row[7] for row in workbook["Pengolahan Data"].iter_rows(min_row=2, max_row=4)]
    assert [(c.value, c.data_type) for c in services][2] == ("=1+1", "s")


def test_rejected_rows_file_keeps_formulas_as_text(cli_runner, tmp_path):
    rows = _rows_with_outside_text()
    rows[0][7] = "5"  # rejected, with its formula-looking saran
    path = write_csv(tmp_path / "d.csv", HEADERS, rows)
    rejected = tmp_path / "tolak.csv"
    cli_runner(["survey", "import", str(path), "--unit", "X", "--new-unit", "--period", "2025-S1",
                "--skip-invalid", "--rejected", str(rejected)])
    with open(rejected, encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh, delimiter=";"))
    assert row[header.index("Saran")] == "'" + FORMULA


def test_template_keeps_configured_service_names_as_text(cli_runner, write_config, tmp_path):
    write_config('[[survey.units]]\ncode = "PPID"\nname = "PPID Pusat"\n'
                 'services = ["=cmd|\' /C calc\'!A0", "Antri\\u000blama"]\n')
    path = tmp_path / "templat.xlsx"
    cli_runner(["survey", "template", "--out", str(path), "--unit", "PPID"])
    guide = load_workbook(path)["Petunjuk"]
    cell = next(row[1] for row in guide.iter_rows() if row[0].value == "Jenis layanan")
    assert (cell.value, cell.data_type) == ("=cmd|' /C calc'!A0, Antrilama", "s")


def test_synthetic_files_keep_formulas_as_text(tmp_path):
    path = synthetic.write_csv(tmp_path / "s.csv", iter([["=1+1", 3]]), headers=["Saran", "U1"])
    assert path.read_text(encoding="utf-8").splitlines() == ["Saran,U1", "'=1+1,3"]
