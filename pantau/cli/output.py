"""Aligned columns for every `pantau` command that prints rows."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence

ELLIPSIS = "…"
GAP = "  "
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def display_width(text: str) -> int:
    """Terminal cells `text` takes: wide East Asian characters and emoji two, combining
    marks none, everything else one."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` cells, ending with an ellipsis when cut."""
    if display_width(text) <= limit:
        return text
    kept, width = [], 0
    for char in text:
        char_width = display_width(char)
        if width + char_width > limit - 1:
            break
        kept.append(char)
        width += char_width
    return "".join(kept) + ELLIPSIS


def _cell(value: object) -> str:
    text = "-" if value is None or value == "" else str(value)
    # one line: a newline or a tab would break the columns
    return _LINE_BREAKS.sub(" ", text.strip("\r\n")).replace("\t", " ")


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *,
          right: Collection[str] = (), limits: Mapping[str, int] | None = None,
          notes: Sequence[str | None] = ()) -> str:
    """Rows under their headers in columns two spaces apart, with a rule under the headers.

    `right` names the columns aligned right (numbers); `limits` caps a column's width (by
    header), cutting longer cells with an ellipsis; `notes[i]`, when set, is printed on its
    own indented line under row i (e.g. a long error message). Empty cells show `-`.
    """
    limits = limits or {}
    cells = [[_cell(value) for value in row] for row in rows]
    for row in cells:
        for i, header in enumerate(headers):
            if header in limits:
                row[i] = shorten(row[i], limits[header])
    widths = [max([display_width(h), *(display_width(row[i]) for row in cells)])
              for i, h in enumerate(headers)]
    aligned = [h in right for h in headers]

    def line(values: Sequence[str]) -> str:
        return GAP.join(_pad(v, w, r) for v, w, r in zip(values, widths, aligned, strict=True)
                        ).rstrip()

    lines = [line(headers), GAP.join("-" * w for w in widths)]
    for i, row in enumerate(cells):
        lines.append(line(row))
        note = notes[i] if i < len(notes) else None
        if note:
            lines.append(f"{GAP}{GAP}{note}")
    return "\n".join(lines)
