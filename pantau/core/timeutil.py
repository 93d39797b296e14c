"""Time conventions: stored in UTC, shown in Asia/Jakarta (WIB)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")


def utcnow() -> datetime:
    """Current time, timezone-aware UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Normalise a datetime to aware UTC; naive values are taken to be UTC already
    (that is how they come back from SQLite)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_jakarta(value: datetime) -> datetime:
    return as_utc(value).astimezone(JAKARTA)


def format_wib(value: datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """A timestamp as an Indonesian reader expects it, e.g. '05-03-2026 07:00 WIB'."""
    if value is None:
        return "-"
    return to_jakarta(value).strftime(fmt) + " WIB"
