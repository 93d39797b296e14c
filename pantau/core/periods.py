"""Reporting periods as Indonesian plans write them.

    2023                      year
    2023-05                   month
    2023-TW2                  triwulan (quarter) II
    2023-S1                   semester I
    2023-01-01..2023-06-30    custom, both ends inclusive

A `Period` covers whole days in Asia/Jakarta: `start` is the first day, `end` the last.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from pantau.core.errors import InputError
from pantau.core.timeutil import JAKARTA

PeriodKind = Literal["year", "month", "quarter", "semester", "custom"]

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
_ROMAN = ("I", "II", "III", "IV")

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-(?:TW|Q)([1-4])$", re.IGNORECASE)
_SEMESTER = re.compile(r"^(\d{4})-S([12])$", re.IGNORECASE)
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date

    @property
    def code(self) -> str:
        y = self.start.year
        if self.kind == "year":
            return f"{y}"
        if self.kind == "month":
            return f"{y}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{y}-TW{(self.start.month - 1) // 3 + 1}"
        if self.kind == "semester":
            return f"{y}-S{(self.start.month - 1) // 6 + 1}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """Indonesian name, e.g. 'Triwulan II 2023'."""
        y = self.start.year
        if self.kind == "year":
            return f"Tahun {y}"
        if self.kind == "month":
            return f"{MONTHS_ID[self.start.month - 1]} {y}"
        if self.kind == "quarter":
            return f"Triwulan {_ROMAN[(self.start.month - 1) // 3]} {y}"
        if self.kind == "semester":
            return f"Semester {_ROMAN[(self.start.month - 1) // 6]} {y}"
        return f"{self.start:%d-%m-%Y} s.d. {self.end:%d-%m-%Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes: Jakarta midnights converted to UTC."""
        lo = datetime.combine(self.start, time.min, tzinfo=JAKARTA)
        hi = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=JAKARTA)
        return lo.astimezone(UTC), hi.astimezone(UTC)

    def previous(self) -> Period:
        """The period of the same kind and length just before this one."""
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "month":
            d = self.start - timedelta(days=1)
            return month(d.year, d.month)
        if self.kind == "quarter":
            d = self.start - timedelta(days=1)
            return quarter(d.year, (d.month - 1) // 3 + 1)
        if self.kind == "semester":
            d = self.start - timedelta(days=1)
            return semester(d.year, (d.month - 1) // 6 + 1)
        length = timedelta(days=self.days)
        return Period("custom", self.start - length, self.end - length)

    def __str__(self) -> str:
        return self.code


FIRST_YEAR, LAST_YEAR = 1900, 2200  # any year a plan, a survey or an article can carry


def check_year(y: int) -> int:
    """`y` when a period can be built for it; InputError otherwise (a year typed as -1 or
    99999 must not reach the date arithmetic)."""
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise InputError(f"Tahun {str(y)[:12]} di luar rentang yang didukung "
                         f"({FIRST_YEAR}-{LAST_YEAR}).")
    return y


def year(y: int) -> Period:
    check_year(y)
    return Period("year", date(y, 1, 1), date(y, 12, 31))


def month(y: int, m: int) -> Period:
    return Period("month", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))


def quarter(y: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period("quarter", date(y, first, 1), month(y, first + 2).end)


def semester(y: int, s: int) -> Period:
    first = 6 * (s - 1) + 1
    return Period("semester", date(y, first, 1), month(y, first + 5).end)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of one Jakarta day as aware UTC datetimes."""
    return Period("custom", day, day).utc_bounds()


def custom(start: date, end: date) -> Period:
    if end < start:
        raise InputError(f"Periode tidak valid: tanggal akhir {end} sebelum tanggal awal {start}.")
    return Period("custom", start, end)


def parse_period(text: str) -> Period:
    """Parse a period code; raises `InputError` with the accepted forms when it is wrong."""
    value = text.strip()
    try:
        if m := _YEAR.match(value):
            return year(int(m[1]))
        if m := _MONTH.match(value):
            if not 1 <= int(m[2]) <= 12:
                raise ValueError
            return month(int(m[1]), int(m[2]))
        if m := _QUARTER.match(value):
            return quarter(int(m[1]), int(m[2]))
        if m := _SEMESTER.match(value):
            return semester(int(m[1]), int(m[2]))
        if m := _CUSTOM.match(value):
            return custom(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
    except ValueError:
        pass
    raise InputError(
        f"Periode '{text}' tidak dikenali. Gunakan 2023 (tahun), 2023-05 (bulan), "
        "2023-TW2 (triwulan), 2023-S1 (semester) atau 2023-01-01..2023-06-30 (rentang)."
    )


def subperiods(y: int) -> list[Period]:
    """Every standard period of a year: months, triwulan, semesters and the year."""
    return (
        [month(y, m) for m in range(1, 13)]
        + [quarter(y, q) for q in range(1, 5)]
        + [semester(y, s) for s in (1, 2)]
        + [year(y)]
    )
