"""ISO dates and times from outside: one parser, the zone of a time without one chosen by the
caller; and one Jakarta day as UTC bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pantau.core.dates import parse_iso
from pantau.core.periods import custom, day_bounds
from pantau.core.timeutil import JAKARTA


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-08T09:05:00+07:00", datetime(2026, 11, 8, 2, 5, tzinfo=UTC)),
    ("2026-11-08T02:05:00Z", datetime(2026, 11, 8, 2, 5, tzinfo=UTC)),
    (" 2026-11-08 09:05 ", datetime(2026, 11, 8, 2, 5, tzinfo=UTC)),  # no zone: WIB here
    ("2026-11-08", datetime(2026, 11, 7, 17, 0, tzinfo=UTC)),  # midnight WIB
    ("", None),
    (None, None),
    ("8 November 2026", None),
    ("2026-13-01", None),
])
def test_parse_iso_with_wib_default(text: str | None, expected: datetime | None) -> None:
    assert parse_iso(text, default_tz=JAKARTA) == expected


def test_the_default_zone_only_applies_to_times_without_one() -> None:
    assert parse_iso("2026-11-08T09:05:00", default_tz=UTC) == datetime(2026, 11, 8, 9, 5,
                                                                        tzinfo=UTC)
    assert parse_iso("2026-11-08T09:05:00+07:00", default_tz=UTC) == \
        parse_iso("2026-11-08T09:05:00+07:00", default_tz=JAKARTA)
    parsed = parse_iso("2026-11-08T09:05:00", default_tz=JAKARTA)
    assert parsed is not None and parsed.tzinfo == UTC


def test_day_bounds_are_one_jakarta_day() -> None:
    lo, hi = day_bounds(date(2026, 11, 8))
    assert (lo, hi) == (datetime(2026, 11, 7, 17, 0, tzinfo=UTC),
                        datetime(2026, 11, 8, 17, 0, tzinfo=UTC))
    assert (lo, hi) == custom(date(2026, 11, 8), date(2026, 11, 8)).utc_bounds()
