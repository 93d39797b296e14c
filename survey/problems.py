"""A problem found in an officer's file: where (file, row, column) and why, in Indonesian."""

from __future__ import annotations

from dataclasses import dataclass

from pantau.core.errors import InputError

MAX_LISTED = 200  # problems listed in one message; the rest are counted


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1-based row in the file (the header is row 1)
    column: str | None  # e.g. "C (Usia)"
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return f"{', '.join(where)}: {self.reason}"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as the spreadsheet shows it)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def describe_column(index: int, header: str) -> str:
    header = str(header).strip()
    return f"{column_letter(index)} ('{header}')" if header else column_letter(index)


def problems_error(message: str, problems: list[Problem], total: int | None = None) -> InputError:
    """One InputError listing the problems (at most MAX_LISTED, the rest counted)."""
    total = len(problems) if total is None else total
    listed = [str(p) for p in problems[:MAX_LISTED]]
    if total > len(listed):
        listed.append(f"... dan {total - len(listed)} masalah lain")
    return InputError(message, listed)
