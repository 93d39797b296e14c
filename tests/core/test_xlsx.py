"""The bounded XLSX reader: same values as openpyxl for real files, a clear Indonesian error
naming the file for every hostile one, limits checked before parsing."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from pantau.core.errors import InputError
from pantau.core.xlsx import XlsxLimits, open_xlsx, read_sheet
from tests.pantau.hostile_files import XLSX_BOMBS, write_xlsx


def test_values_as_openpyxl_gives_them(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Petunjuk"
    ws.append(["Isi lembar berikutnya"])
    data = wb.create_sheet("Data")
    data.append(["No", "Tanggal", "Nama", "Nilai", "Benar", "Rumus"])
    data.append([1, datetime(2025, 2, 3, 7, 30), "Café & <Warung>", 3.5, True, "=1+2"])
    data.append([])
    data.append([3, None, "  spasi  ", -4, False])
    data["H5"] = "jauh"
    path = tmp_path / "nilai.xlsx"
    wb.save(path)
    book = open_xlsx(path)
    sheets = [(title, list(rows)) for title, rows in book.sheets()]
    book.close()
    assert [t for t, _ in sheets] == ["Petunjuk", "Data"]
    rows = sheets[1][1]
    assert rows[0] == (1, ["No", "Tanggal", "Nama", "Nilai", "Benar", "Rumus"])
    # a formula Excel never calculated has no value (openpyxl's data_only gives None too)
    assert rows[1] == (2, [1, datetime(2025, 2, 3, 7, 30), "Café & <Warung>", 3.5, True])
    assert rows[2] == (4, [3, None, "  spasi  ", -4, False])
    assert rows[3] == (5, [None] * 7 + ["jauh"])
    title, whole = read_sheet(path, sheet="Data")
    assert title == "Data" and whole[2] == [] and whole[4][7] == "jauh"


MESSAGES = {
    "cell-bomb": "terlalu besar setelah dibuka",
    "empty-rows-bomb": "terlalu panjang",
    "row-count-bomb": "lebih dari 1048576 baris",
    "strings-bomb": "terlalu besar setelah dibuka",
    "malformed-xml": "XML di dalam bagian xl/worksheets/sheet1.xml rusak",
    "doctype-entities": "DOCTYPE",
    "wide-row": "lebih dari 1000 kolom",
    "long-cell": "isi sel terlalu panjang (40000 karakter",
    "not-a-zip": "arsip zip rusak",
}


def test_every_hostile_workbook_is_replayed() -> None:
    assert set(MESSAGES) == set(XLSX_BOMBS)


@pytest.mark.parametrize(("bomb", "message"), sorted(MESSAGES.items()))
@pytest.mark.slow
def test_hostile_workbooks_end_in_a_clear_error(hostile_files: Any, bomb: str,
                                                message: str) -> None:
    path = hostile_files(bomb)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        book = open_xlsx(path)
        try:
            for _title, rows in book.sheets():
                for _ in rows:
                    pass
        finally:
            book.close()
    assert str(caught.value).startswith(f"{bomb}.xlsx: berkas XLSX tidak dapat dibaca")
    assert message in str(caught.value)
    assert time.monotonic() - started < 120


def test_declared_sizes_are_checked_before_anything_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "besar.xlsx", [b"<worksheet/>" + b" " * 5000])
    with pytest.raises(InputError, match=r"sheet1.xml terlalu besar setelah dibuka \(5012"):
        open_xlsx(path, limits=XlsxLimits(max_part_bytes=1000))
