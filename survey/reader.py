"""Reading officers' files as rows of cells: CSV (UTF-8, UTF-8 with BOM or Windows-1252;
comma, semicolon or tab) and XLSX (the first sheet holding the table, read by
`pantau.core.xlsx` within its limits). Rows are streamed, so a million-row file never sits in
memory.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pantau.core.encodings import SAMPLE, refuse_east_asian
from pantau.core.errors import InputError
from pantau.core.xlsx import open_xlsx
from survey.columns import match_header
from survey.questionnaire import IGNORE

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
        refuse_east_asian(fh.read(SAMPLE), path.name)
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


def sniff_delimiter(head: str) -> str:
    counts = {d: head.count(d) for d in (";", ",", "\t")}
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


HEADER_SEARCH_ROWS = 10


def _known_columns(cells: list[Cell]) -> int:
    return sum(1 for c in cells if c is not None and match_header(c) not in (None, IGNORE))


def _split_header(rows: Iterator[tuple[int, list[Cell]]], name: str
                  ) -> tuple[int, list[str], Iterator[tuple[int, list[Cell]]], bool]:
    """The header row is the first of the first few non-blank rows that names at least three
    survey columns (a title or a note above the table is skipped); else the first row.
    The last value says whether such a row was found."""
    ahead: list[tuple[int, list[Cell]]] = []
    for item in rows:
        ahead.append(item)
        if len(ahead) >= HEADER_SEARCH_ROWS:
            break
    if not ahead:
        raise InputError(f"{name}: berkas kosong.")
    chosen, found = 0, False
    for position, (_number, cells) in enumerate(ahead):
        if _known_columns(cells) >= 3:
            chosen, found = position, True
            break
    number, cells = ahead[chosen]
    headers = ["" if h is None else str(h).strip() for h in cells]
    while headers and not headers[-1]:
        headers.pop()
    return number, headers, itertools.chain(ahead[chosen + 1:], rows), found


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
        head = "".join(fh.readline() for _ in range(HEADER_SEARCH_ROWS))
        delimiter = sniff_delimiter(head)
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)

        def numbered() -> Iterator[tuple[int, list[Cell]]]:
            try:
                for number, cells in enumerate(reader, start=1):
                    if cells and "".join(cells).strip():
                        if "\x00" in "".join(cells):  # PostgreSQL refuses it, SQLite cuts
                            column = next(i for i, c in enumerate(cells) if "\x00" in c)
                            raise InputError(f"{name} baris {number}, kolom {column + 1}: "
                                             "berisi karakter NUL (berkas biner atau rusak?).")
                        yield number, cells  # type: ignore[misc]
            except csv.Error as exc:
                raise InputError(f"{name} baris {reader.line_num}: CSV rusak ({exc}).") from exc

        header_number, headers, rows, _found = _split_header(numbered(), name)
        yield Table(name, headers, rows, encoding, delimiter, header_row=header_number)


@contextmanager
def _open_xlsx(path: Path, name: str) -> Iterator[Table]:
    book = open_xlsx(path, name=name)  # bounded: see pantau.core.xlsx
    try:
        def numbered(rows: Iterator[tuple[int, list[Cell]]]) -> Iterator[tuple[int, list[Cell]]]:
            for number, cells in rows:
                if not _blank(cells):
                    yield number, cells

        # The first sheet holding the survey table (a "Petunjuk" sheet may come first).
        first: tuple[int, list[str], Iterator[tuple[int, list[Cell]]], bool] | None = None
        for _title, rows in book.sheets():
            try:
                split = _split_header(numbered(rows), name)
            except InputError as exc:
                if "berkas kosong" not in str(exc):
                    raise
                continue  # an empty sheet
            if split[3]:
                first = split
                break
            first = first or split
        if first is None:
            raise InputError(f"{name}: semua lembar kosong.")
        header_number, headers, rows, _found = first
        yield Table(name, headers, rows, header_row=header_number)
    finally:
        book.close()
