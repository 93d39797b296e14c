"""Exporting the rows of a `MentionFilter` (`pantau mentions export`): CSV, JSON Lines or
XLSX, one row per mention and profile match (see `sentiment.mentions`).

Headlines and passages come from outside: CSV and XLSX are written through
`pantau.core.spreadsheet`, so a title such as `=HYPERLINK(...)` stays text in a spreadsheet.
Times are WIB; `sentiment` is the effective tone, empty until labelled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session

from pantau.core.errors import InputError
from pantau.core.files import atomic_output
from pantau.core.spreadsheet import append_row, save_workbook, write_csv
from pantau.core.timeutil import to_jakarta
from sentiment.mentions import MentionFilter, MentionRow, list_mentions

EXPORT_FORMATS = ("csv", "jsonl", "xlsx")
EXPORT_FIELDS = ("id", "url", "title", "outlet", "media_type", "published_at", "profile",
                 "duplicate_group", "sentiment", "author", "language", "matched_terms",
                 "passages", "collected_at")
SHEET_TITLE = "Pemberitaan"


def export_record(row: MentionRow) -> dict[str, Any]:
    """A row under the export's field names (lists stay lists; JSON Lines keeps them)."""
    return {
        "id": row.mention_id,
        "url": row.url or "",
        "title": row.title,
        "outlet": row.outlet or "",
        "media_type": row.media_type,
        "published_at": to_jakarta(row.published_at).isoformat(),
        "profile": row.profile or "",
        "duplicate_group": row.duplicate_group,
        "sentiment": row.tone or "",
        "author": row.author or "",
        "language": row.language or "",
        "matched_terms": row.matched_terms,
        "passages": row.passages,
        "collected_at": to_jakarta(row.collected_at).isoformat(),
    }


def _cells(record: dict[str, Any]) -> list[Any]:
    """A record as spreadsheet cells: lists joined with ` | `."""
    return [" | ".join(v) if isinstance(v, list) else v
            for v in (record[name] for name in EXPORT_FIELDS)]


def export_mentions(session: Session, flt: MentionFilter, *, fmt: str, out: Path) -> int:
    """Write the rows of `flt` to `out` in `fmt` (whole or not at all); returns the count."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"Format ekspor '{fmt}' tidak dikenal; pilih {', '.join(EXPORT_FORMATS)}")
    records = [export_record(row) for row in list_mentions(session, flt)]
    if fmt == "csv":
        # utf-8-sig: Excel opens a CSV with a byte-order mark as UTF-8.
        write_csv(out, EXPORT_FIELDS, [_cells(r) for r in records], encoding="utf-8-sig")
    elif fmt == "jsonl":
        with atomic_output(out) as tmp, tmp.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        # deferred: openpyxl takes a noticeable part of a command's start-up
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(SHEET_TITLE)
        append_row(sheet, EXPORT_FIELDS)
        for record in records:
            append_row(sheet, _cells(record))
        save_workbook(workbook, out)
    return len(records)
