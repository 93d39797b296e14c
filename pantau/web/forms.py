"""Reading what people type into forms and query strings: dates, whole numbers, and local
return addresses. Errors are `InputError`s in Bahasa Indonesia naming the field."""

from __future__ import annotations

from datetime import date

from pantau.core.errors import InputError
from pantau.core.periods import check_year


def parse_day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{field}: tanggal '{value}' tidak valid (gunakan TTTT-BB-HH).") from exc
    try:
        check_year(day.year)
    except InputError as exc:
        raise InputError(f"{field}: {exc}") from exc
    return day


def parse_int(value: str | None, field: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise InputError(f"{field}: '{value}' bukan angka.")
    return int(value)


def local_path(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: a form's return address (`next`,
    `kembali`) must never redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
