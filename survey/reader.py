"""Reading officers' files as rows of cells: CSV (UTF-8, UTF-8 with BOM or Windows-1252;
comma, semicolon or tab) and XLSX (first sheet, openpyxl read-only). Rows are streamed, so a
million-row file never sits in memory.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pantau.errors import InputError

Cell = object  # str | int | float | datetime | None

_CHUNK = 1 << 20


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' when the whole file is valid UTF-8, else 'cp1252'; InputError otherwise."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            raise InputError(
                f"{path.name}: pengodean berkas tidak didukung (tampaknya UTF-16 atau berkas "
                "biner). Simpan ulang sebagai CSV UTF-8 atau CSV (Windows) dari Excel.")
        if head.startswith(b"PK\x03\x04"):
            raise InputError(f"{path.name}: berkas ini XLSX, bukan CSV; beri akhiran .xlsx.")
        fh.seek(0)
        utf8 = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := fh.read(_CHUNK):
                utf8.decode(block)
            utf8.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        fh.seek(0)
        cp = codecs.getincrementaldecoder("cp1252")()
        offset = 0
        try:
            while block := fh.read(_CHUNK):
                cp.decode(block)
                offset += len(block)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path.name}: pengodean berkas tidak dikenali (bukan UTF-8 maupun "
                f"Windows-1252; bita ke-{offset + exc.start + 1}). Simpan ulang sebagai CSV "
                "UTF-8.") from exc
    return "cp1252"


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class Table:
    """A file opened for reading: its headers and a stream of (row number, cells)."""

    name: str
    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 1


def _blank(cells: list[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


@contextmanager
def open_table(path: Path, *, display_name: str | None = None) -> Iterator[Table]:
    """Open a CSV or XLSX file; blank rows are skipped but keep their numbers."""
    path = Path(path)
    name = display_name or path.name
    if not path.is_file():
        raise InputError(f"Berkas tidak ditemukan: {path}")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        with _open_xlsx(path, name) as table:
            yield table
    elif suffix in {".csv", ".txt"}:
        with _open_csv(path, name) as table:
            yield table
    elif suffix == ".xls":
        raise InputError(f"{name}: format .xls (Excel 97-2003) tidak didukung; simpan ulang "
                         "sebagai .xlsx atau CSV.")
    else:
        raise InputError(f"{name}: jenis berkas tidak dikenali; gunakan .csv atau .xlsx.")


@contextmanager
def _open_csv(path: Path, name: str) -> Iterator[Table]:
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        first = fh.readline()
        delimiter = sniff_delimiter(first)
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            headers = next(reader)
        except StopIteration:
            raise InputError(f"{name}: berkas kosong.") from None

        def rows() -> Iterator[tuple[int, list[Cell]]]:
            try:
                for number, cells in enumerate(reader, start=2):
                    if cells and "".join(cells).strip():
                        yield number, cells  # type: ignore[misc]
            except csv.Error as exc:
                raise InputError(f"{name} baris {reader.line_num}: CSV rusak ({exc}).") from exc

        yield Table(name, [h.strip() for h in headers], rows(), encoding, delimiter)


@contextmanager
def _open_xlsx(path: Path, name: str) -> Iterator[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"{name}: berkas XLSX tidak dapat dibuka ({exc}).") from exc
    try:
        sheet = workbook.worksheets[0]
        it = sheet.iter_rows(values_only=True)
        header_row: tuple[Cell, ...] | None = None
        number = 0
        for values in it:
            number += 1
            if not _blank(list(values)):
                header_row = values
                break
        if header_row is None:
            raise InputError(f"{name}: lembar pertama kosong.")
        headers = ["" if h is None else str(h).strip() for h in header_row]
        while headers and not headers[-1]:
            headers.pop()
        header_number = number

        def rows() -> Iterator[tuple[int, list[Cell]]]:
            for offset, values in enumerate(it, start=header_number + 1):
                cells = list(values)
                if not _blank(cells):
                    yield offset, cells

        yield Table(name, headers, rows(), header_row=header_number)
    finally:
        workbook.close()
