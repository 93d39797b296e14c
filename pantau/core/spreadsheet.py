"""Spreadsheet-safe output: every CSV and XLSX file Pantau writes goes through here.

Text from outside (headlines, passages, public survey suggestions, typed notes) must reach a
spreadsheet as the text it is. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return would be read by Excel or LibreOffice as a formula (`=HYPERLINK(...)`, `+cmd|...`), so
such text is written with a leading apostrophe in CSV (OWASP's advice; spreadsheets hide it)
and as a string cell in XLSX. Control characters that XLSX cannot hold are removed instead of
making the whole workbook fail. Numbers, dates and booleans pass unchanged.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pantau.core.files import atomic_output

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these code points; openpyxl raises IllegalCharacterError on them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def clean_text(text: str) -> str:
    """Text without the control characters a spreadsheet cannot hold (NUL, vertical tab,
    escape, ...); tabs and newlines are kept."""
    return _ILLEGAL_XML.sub("", text)


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: formula-looking text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = clean_text(value)
        if looks_like_formula(value):
            return "'" + value
    return value


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """Write a CSV file whole (temporary file, then rename) with every cell made safe."""
    with atomic_output(path) as tmp, tmp.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([csv_cell(h) for h in header])
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
    return path


def xlsx_cell(ws: Any, value: Any, **style: Any) -> Any:
    """A write-only/normal openpyxl cell for `value`: text is cleaned and always stored as a
    string (never a formula). `style` sets attributes such as font or fill."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = clean_text(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    for name, attr in style.items():
        setattr(cell, name, attr)
    return cell


def append_row(ws: Any, row: Sequence[Any], **style: Any) -> None:
    """Append a row to an openpyxl worksheet with every text cell kept as text."""
    ws.append([xlsx_cell(ws, v, **style) for v in row])


def save_workbook(wb: Any, path: Path) -> Path:
    """Save an openpyxl workbook whole (temporary file, then rename)."""
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path
