"""Formula-looking text stays text in CSV and XLSX, and control characters never break a
workbook."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pantau.core.spreadsheet import append_row, save_workbook, write_csv

PAYLOADS = ["=HYPERLINK(\"http://x\",\"klik\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cells_that_look_like_formulas_are_written_as_text(tmp_path: Path,
                                                               payload: str) -> None:
    path = write_csv(tmp_path / "x.csv", ["judul", "jumlah"], [[payload, 3]])
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["'" + payload, "3"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_cells_that_look_like_formulas_are_strings(tmp_path: Path, payload: str) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    append_row(ws, ["judul", "jumlah"])
    append_row(ws, [payload, 3])
    save_workbook(wb, tmp_path / "x.xlsx")
    cells = list(load_workbook(tmp_path / "x.xlsx").active.iter_rows(values_only=True))
    assert cells[1] == (payload, 3)
    sheet = load_workbook(tmp_path / "x.xlsx").active
    assert sheet.cell(2, 1).data_type == "s"
    assert sheet.cell(2, 2).data_type == "n"


def test_control_characters_are_removed_not_fatal(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Saran")
    append_row(ws, ["Pelayanan\x0bbaik\x1b sekali\x00"])
    save_workbook(wb, tmp_path / "s.xlsx")
    assert load_workbook(tmp_path / "s.xlsx").active.cell(1, 1).value == "Pelayananbaik sekali"


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "laporan.csv"

    def rows():  # type: ignore[no-untyped-def]
        yield ["a"]
        raise OSError("disk penuh")

    with pytest.raises(OSError):
        write_csv(target, ["kolom"], rows())
    assert list(tmp_path.iterdir()) == []
