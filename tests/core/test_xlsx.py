"""The bounded XLSX reader: same values as openpyxl for real files, a clear Indonesian error
naming the file for every hostile one, limits checked before parsing."""

from __future__ import annotations

import random
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from pantau.core.errors import InputError
from pantau.core.xlsx import XlsxLimits, open_xlsx, read_sheet
from tests.pantau.hostile_files import SHEET_HEAD, SHEET_TAIL, XLSX_BOMBS, write_xlsx

# The reader never reaches the database: the PostgreSQL run would repeat it unchanged.
pytestmark = pytest.mark.no_database


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


SHAPES_STYLES = (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<cellXfs count="13"><xf numFmtId="0"/><xf numFmtId="14"/>'
    + '<xf numFmtId="0"/>' * 10 + '<xf numFmtId="22"/></cellXfs></styleSheet>')
SHAPES_STRINGS = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<si><t>Laki-laki</t></si><si><t>Perempuan</t></si><si><t>A &amp; B</t></si></sst>')


def _shape_rows(rng: random.Random, rows: int) -> list[str]:
    """Rows of a few repeating shapes whose values vary: what the row-shape fast path reads,
    and every case it must hand to the cell loop."""
    cells = [
        lambda r, v: f'<c r="A{r}"><v>{v}</v></c>',  # a number (sometimes a decimal)
        lambda r, v: f'<c r="B{r}" s="1"><v>{45000 + v}</v></c>',  # a date
        lambda r, v: f'<c r="C{r}" t="s"><v>{v % 3}</v></c>',  # a shared string
        lambda r, v: f'<c r="D{r}" t="inlineStr"><is><t>teks {v} &lt;b&gt;</t></is></c>',
        lambda r, v: f'<c r="E{r}" t="b"><v>{v % 2}</v></c>',
        lambda r, v: f'<c r="F{r}" s="12"/>',  # an empty styled cell
        lambda r, v: f'<c r="H{r}" t="str"><v>rumus {v}</v></c>',  # after a gap (G)
        lambda r, v: f'<c r="I{r}" s="12"><v>{v / 4}</v></c>',
        lambda r, v: f'<c r="J{r}" t="inlineStr"><is><t xml:space="preserve"> {v} </t>'
                     '</is></c>',
        lambda r, v: f'<c r="K{r}" s="2"><v></v></c>',  # an empty value
        lambda r, v: f'<c r="L{r}" s="{r}"><v>{v}</v></c>',  # style number = row number
    ]
    out = []
    for r in range(1, rows + 1):
        chosen = [cell for cell in cells if rng.random() < 0.8]
        value = rng.randint(-5, 40)
        body = "".join(cell(r, value) for cell in chosen)
        if rng.random() < 0.05:
            body = body.replace(f'"A{r}"', f'"A{r + 1}"')  # a reference to another row
        out.append(f'<row r="{r}">{body}</row>')
    return out


def test_row_shapes_read_the_same_values_as_the_cell_loop(tmp_path: Path,
                                                          monkeypatch: Any) -> None:
    from pantau.core import xlsx

    rows = _shape_rows(random.Random(15), 3000)
    rows[5] = '<row r="6"><c r="B6" t="n"><v>1.5</v></c><c r="A6"><v>2</v></c></row>'
    sheet = (SHEET_HEAD + "".join(rows) + SHEET_TAIL).encode()
    path = write_xlsx(tmp_path / "bentuk.xlsx", [sheet], extra={
        "xl/styles.xml": [SHAPES_STYLES.encode()],
        "xl/sharedStrings.xml": [SHAPES_STRINGS.encode()]})

    def read() -> list[tuple[int, list[Any]]]:
        book = open_xlsx(path)
        try:
            return [row for _title, found in book.sheets() for row in found]
        finally:
            book.close()

    fast = read()
    monkeypatch.setattr(xlsx, "_MAX_SHAPES", 0)  # every row through the cell loop
    assert fast == read()
    by_number = dict(fast)
    assert len(by_number) == 3000
    assert by_number[6] == [2, 1.5]  # out of column order: the later cell wins its column
    # every kind of value is there, typed as openpyxl gives it
    kinds = {type(v).__name__ for _n, cells in fast for v in cells}
    assert kinds == {"int", "float", "datetime", "str", "bool", "NoneType"}
    assert any("A & B" in cells for _n, cells in fast)
    assert any("teks 3 <b>" in cells for _n, cells in fast)


def test_a_long_value_in_a_known_shape_is_still_refused(tmp_path: Path) -> None:
    rows = [f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{"x" * (10 if r < 5 else 40)}'
            '</t></is></c></row>' for r in range(1, 7)]
    path = write_xlsx(tmp_path / "panjang.xlsx",
                      [(SHEET_HEAD + "".join(rows) + SHEET_TAIL).encode()])
    book = open_xlsx(path, limits=XlsxLimits(max_cell_chars=30))
    with pytest.raises(InputError, match="baris 5: isi sel terlalu panjang"):
        for _title, found in book.sheets():
            list(found)
    book.close()
