"""Hostile files for the replay campaign (tests/pantau/test_hostile_files.py and the
core reader's tests). Small ones live in tests/fixtures/hostile/; bombs are built here at
test time because they are large (a few MB compressed, gigabytes inflated)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "hostile"

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" xmlns:r="{_REL}">'
            '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def write_xlsx(path: Path, sheet: Iterable[bytes], *, workbook: str = WORKBOOK,
               extra: dict[str, Iterable[bytes]] | None = None, level: int = 9) -> Path:
    """A minimal XLSX whose first sheet's XML is the concatenated `sheet` blocks (streamed,
    so a gigabyte sheet never sits in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, blocks in {"xl/worksheets/sheet1.xml": sheet, **(extra or {})}.items():
            with z.open(name, "w", force_zip64=True) as fh:
                for block in blocks:
                    fh.write(block)
    return path


def _repeat(unit: bytes, times: int) -> Iterable[bytes]:
    per_block = max(1, (1 << 22) // len(unit))
    while times > 0:
        n = min(per_block, times)
        yield unit * n
        times -= n


def survey_sheet(rows: list[list[str]]) -> bytes:
    """Sheet XML with inline-string cells."""
    out = [SHEET_HEAD]
    for r, row in enumerate(rows, start=1):
        cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in row)
        out.append(f'<row r="{r}">{cells}</row>')
    out.append(SHEET_TAIL)
    return "".join(out).encode()


HEADER = ["No", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan", "Jenis Layanan",
          *[f"U{i}" for i in range(1, 10)], "Saran"]


def cell_bomb(path: Path) -> Path:
    """About 4 MB holding one 1 GB cell (fast compression: built in seconds)."""
    head = (SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>').encode()
    return write_xlsx(path, [head, *_repeat(b"A", 1 << 30),
                             b"</t></is></c></row>" + SHEET_TAIL.encode()], level=1)


def empty_rows_bomb(path: Path) -> Path:
    """About 1 MB of 50 million empty rows (300 MB inflated)."""
    return write_xlsx(path, [SHEET_HEAD.encode(), *_repeat(b"<row/>", 50_000_000),
                             SHEET_TAIL.encode()])


def row_count_bomb(path: Path) -> Path:
    """Two million one-cell rows, under the size limit but over Excel's row limit."""
    return write_xlsx(path, [SHEET_HEAD.encode(), *_repeat(b"<row><c><v>1</v></c></row>",
                                                           2_000_000), SHEET_TAIL.encode()])


def strings_bomb(path: Path) -> Path:
    """A shared-strings part of 200 MB."""
    strings = [f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}">'.encode(),
               *_repeat(b"<si><t>" + b"B" * 1000 + b"</t></si>", 200_000), b"</sst>"]
    return write_xlsx(path, [survey_sheet([HEADER])], extra={"xl/sharedStrings.xml": strings})


def malformed_xml(path: Path) -> Path:
    sheet = survey_sheet([HEADER]).replace(b"</sheetData>", b"<row><c><v>1</c></row></sheetData>")
    return write_xlsx(path, [sheet])


def doctype_entities(path: Path) -> Path:
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;">]>')
    return write_xlsx(path, [survey_sheet([HEADER])],
                      workbook=WORKBOOK.replace('<?xml version="1.0" encoding="UTF-8"?>',
                                                laughs).replace("Data", "&c;"))


def wide_row(path: Path) -> Path:
    return write_xlsx(path, [(SHEET_HEAD + '<row r="1"><c r="ZZZ1"><v>1</v></c></row>'
                              + SHEET_TAIL).encode()])


def long_cell(path: Path) -> Path:
    return write_xlsx(path, [survey_sheet([HEADER, ["1", "L", "30", "SMA", "PNS", "X",
                                                    *["3"] * 9, "x" * 40_000]])])


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    return path


XLSX_BOMBS: dict[str, Callable[[Path], Path]] = {
    "cell-bomb": cell_bomb, "empty-rows-bomb": empty_rows_bomb,
    "row-count-bomb": row_count_bomb, "strings-bomb": strings_bomb,
    "malformed-xml": malformed_xml, "doctype-entities": doctype_entities,
    "wide-row": wide_row, "long-cell": long_cell, "not-a-zip": not_a_zip,
}


class HostileFiles:
    """Builds each hostile file once per test session (bombs take seconds to compress)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, name: str) -> Path:
        path = self.root / f"{name}.xlsx"
        if not path.exists():
            XLSX_BOMBS[name](path)
        return path
