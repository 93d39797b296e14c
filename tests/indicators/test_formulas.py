"""Pure indicator formulas, hand-computed: capaian for both polarities and both
lower-is-better conventions, status, shares (the negative share of tone counts) and manual
roll-ups for every period kind."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from indicators.counting import ToneCounts
from indicators.formulas import (
    ManualEntry,
    capaian,
    daily_report_days,
    manual_realisasi,
    share,
    status,
)
from indicators.planio import target_from_text
from pantau.core.periods import parse_period


@pytest.mark.parametrize(
    ("realisasi", "target", "polarity", "formula", "expected"),
    [
        (76.5, 75, "higher", "2x_target_minus_realisasi", 102.0),
        (90, 95, "higher", "2x_target_minus_realisasi", 94.74),  # 90/95
        (0, 95, "higher", "target_over_realisasi", 0.0),
        (15, 20, "lower", "2x_target_minus_realisasi", 125.0),  # (40-15)/20
        (25, 20, "lower", "2x_target_minus_realisasi", 75.0),  # (40-25)/20
        (20, 20, "lower", "2x_target_minus_realisasi", 100.0),
        (50, 20, "lower", "2x_target_minus_realisasi", 0.0),  # (40-50)/20 floored
        (0, 20, "lower", "2x_target_minus_realisasi", 200.0),
        (15, 20, "lower", "target_over_realisasi", 133.33),  # 20/15
        (25, 20, "lower", "target_over_realisasi", 80.0),
        (0, 20, "lower", "target_over_realisasi", None),  # undefined
        (None, 20, "lower", "target_over_realisasi", None),
        (5, 0, "higher", "2x_target_minus_realisasi", None),
    ],
)
def test_capaian(realisasi, target, polarity, formula, expected):
    assert capaian(realisasi, target, polarity, lower_formula=formula) == expected


def test_capaian_cap():
    assert capaian(150, 100, "higher", cap=120) == 120.0
    assert capaian(5, 20, "lower", cap=120) == 120.0


@pytest.mark.parametrize(
    ("realisasi", "target", "polarity", "expected"),
    [
        (95, 95, "higher", "tercapai"),
        (94.99, 95, "higher", "tidak tercapai"),
        (20, 20, "lower", "tercapai"),
        (20.01, 20, "lower", "tidak tercapai"),
        (3.2, 20, "lower", "tercapai"),
        (None, 20, "lower", "belum ada data"),
    ],
)
def test_status(realisasi, target, polarity, expected):
    assert status(realisasi, target, polarity) == expected


def test_shares():
    assert share(1, 3) == 33.33
    assert share(0, 0) is None
    tones = ToneCounts.from_labels({"negatif": 3, "netral": 5, "positif": 2, None: 4})
    assert (tones.negative_share, tones.labelled, tones.total) == (30.0, 10, 14)
    assert tones.inputs() == {"negatif": 3, "netral": 5, "positif": 2, "tanpa_label": 4,
                              "total_berlabel": 10}
    assert ToneCounts.from_labels({"negatif": 2, "positif": 1}).negative_share == 66.67
    # Nothing labelled is no data, not 0 %: the one empty convention.
    assert ToneCounts.from_labels({None: 2}).negative_share is None
    assert ToneCounts().negative_share is None


def _entries(pairs):
    return [ManualEntry(parse_period(code), value) for code, value in pairs]


# Values entered: months Jan-Jun, TW3, S2 is absent, year absent.
ENTERED = [("2023-01", 10), ("2023-02", 20), ("2023-03", 30), ("2023-04", 40),
           ("2023-05", 50), ("2023-06", 60), ("2023-TW3", 70)]


@pytest.mark.parametrize(
    ("period", "unit", "expected"),
    [
        ("2023-02", "%", 20),  # month: exact
        ("2023-TW1", "%", 30),  # triwulan: latest month inside (s.d. Maret)
        ("2023-TW1", "jumlah", 60),  # triwulan: sum of months 10+20+30
        ("2023-TW3", "%", 70),  # exact value wins
        ("2023-S1", "%", 60),
        ("2023-S1", "jumlah", 210),
        ("2023-S2", "%", 70),  # only TW3 inside
        ("2023", "%", 70),  # latest-ending period inside the year: TW3 (ends 30-09)
        ("2023", "jumlah", 280),  # months Jan-Jun 210 + TW3 70 (no overlap)
        ("2023-02-01..2023-04-30", "jumlah", 90),  # custom: 20+30+40
        ("2023-02-01..2023-04-30", "skor", 40),
        ("2023-10", "%", None),  # nothing entered
        ("2023-TW4", "jumlah", None),
    ],
)
def test_manual_realisasi_every_period_kind(period, unit, expected):
    value, _how = manual_realisasi(_entries(ENTERED), parse_period(period), unit)
    assert value == expected


def test_daily_report_days():
    deadline = {d: datetime(2023, 6, int(d[-2:]), 1, 0, tzinfo=UTC)  # 08:00 WIB
                for d in ("2023-06-01", "2023-06-02", "2023-06-03", "2023-06-04")}
    runs = [
        ("2023-06-01", "berhasil", datetime(2023, 6, 1, 0, 30, tzinfo=UTC)),  # on time
        ("2023-06-02", "gagal", datetime(2023, 6, 2, 0, 10, tzinfo=UTC)),
        ("2023-06-02", "berhasil", datetime(2023, 6, 2, 2, 0, tzinfo=UTC)),  # retry, late
        ("2023-06-03", "terputus", None),
    ]
    out = daily_report_days(runs, sorted(deadline), deadline)
    assert out == {"hari_terjadwal": 4, "tepat_waktu": 1, "terlambat": 1, "gagal": 1,
                   "tidak_berjalan": 1}


@pytest.mark.parametrize(
    ("text", "polarity", "expected"),
    [("Skor 75", "higher", 75), ("95%", "higher", 95), ("90-95%", "higher", 90),
     ("< 20%", "lower", 20), ("10 - 15%", "lower", 15), ("Nilai 3,5", "higher", 3.5),
     ("tinggi", "higher", None)],
)
def test_target_from_text(text, polarity, expected):
    assert target_from_text(text, polarity) == expected
