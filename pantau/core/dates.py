"""ISO 8601 dates and times read from outside (pages, sitemaps, command options).

One parser for all of them, because the question "in which zone is a time that names none?"
has no single answer: it depends on who wrote the text. The caller says it with `default_tz`
and writes down why at the call site. A date alone is midnight of that day in `default_tz`.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def parse_iso(text: str | None, *, default_tz: tzinfo) -> datetime | None:
    """`2026-11-08`, `2026-11-08T09:05`, `2026-11-08 09:05:00+07:00`, `...Z` -> an aware UTC
    datetime; a value without zone is taken in `default_tz`. None when blank or not ISO."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.astimezone(UTC)
