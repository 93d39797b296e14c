"""Rows already stored by an earlier import of the same unit and period (the fixed file
uploaded whole after "simpan baris valid saja") are found, reported and skipped, so no
respondent is counted twice; `keep_duplicates` stores genuinely identical answers."""

from __future__ import annotations

import re

from sqlmodel import func, select

from pantau.core.db import session_scope
from survey.importer import import_file, validate_file
from survey.models import Response
from tests.survey.helpers import GOOD, HEADERS, PERIOD, survey_config, write_csv

CONFIG = survey_config("""
[[survey.units]]
code = "PPID"
name = "PPID Kementerian"
""")

FOURTH = ["4", "2025-05-06", "L", "52", "SMA", "PNS", "Informasi", "4", "4", "4", "4", "4",
          "4", "4", "4", "4", ""]


def _stored() -> int:
    with session_scope() as s:
        return int(s.exec(select(func.count()).select_from(Response)).one())


def _half_saved_then_fixed(tmp_path):
    """Batch 1 kept the two valid rows of a file with two bad ones; the fixed file has all
    four."""
    bad = [GOOD[0], [*GOOD[1][:7], "9", *GOOD[1][8:]], GOOD[2], [*FOURTH[:8], "x", *FOURTH[9:]]]
    first = import_file(write_csv(tmp_path / "skm.csv", HEADERS, bad), survey=CONFIG,
                        unit="PPID", period=PERIOD, skip_invalid=True)
    assert first.stored == 2 and first.rejected == 2
    return write_csv(tmp_path / "skm-perbaikan.csv", HEADERS, [GOOD[0], GOOD[1], GOOD[2], FOURTH])


def test_rows_stored_by_an_earlier_import_are_skipped(tmp_path):
    fixed = _half_saved_then_fixed(tmp_path)
    preview = validate_file(fixed, survey=CONFIG, unit="PPID", period=PERIOD)
    assert preview.ok and preview.duplicates == 2
    assert re.search(r"2 baris sama persis dengan impor #1 pada \d\d-\d\d-\d{4}",
                     preview.summary()), preview.summary()
    result = import_file(fixed, survey=CONFIG, unit="PPID", period=PERIOD)
    assert result.stored == 2 and result.duplicates == 2
    assert "dilewati" in result.summary() and "2 respons" in result.summary()
    assert _stored() == 4


def test_a_file_of_only_stored_rows_stores_nothing_and_leaves_no_batch(tmp_path):
    import_file(write_csv(tmp_path / "a.csv", HEADERS, GOOD), survey=CONFIG, unit="PPID",
                period=PERIOD)
    # The same answers, numbered differently (the "No" column is not stored).
    again = write_csv(tmp_path / "a-salinan.csv", HEADERS,
                      [[str(10 + n), *row[1:]] for n, row in enumerate(GOOD)])
    result = import_file(again, survey=CONFIG, unit="PPID", period=PERIOD)
    assert result.stored == 0 and result.duplicates == 3
    assert "Tidak ada data baru yang disimpan" in result.summary()
    assert _stored() == 3
    from survey.importer import list_batches
    with session_scope() as s:
        assert len(list_batches(s)) == 1


def test_identical_answers_can_be_kept_explicitly(tmp_path):
    fixed = _half_saved_then_fixed(tmp_path)
    result = import_file(fixed, survey=CONFIG, unit="PPID", period=PERIOD, keep_duplicates=True)
    assert result.stored == 4 and result.duplicates == 0
    assert _stored() == 6


def test_rows_of_another_period_or_repeated_within_a_file_are_not_duplicates(tmp_path):
    import_file(write_csv(tmp_path / "a.csv", HEADERS, GOOD), survey=CONFIG, unit="PPID",
                period=PERIOD)
    twice = write_csv(tmp_path / "b.csv", HEADERS, [FOURTH, FOURTH])
    assert import_file(twice, survey=CONFIG, unit="PPID", period=PERIOD).stored == 2


def test_cli_reports_and_skips_duplicates(cli_runner, write_config, tmp_path):
    write_config('[[survey.units]]\ncode = "PPID"\nname = "PPID Kementerian"\n')
    fixed = _half_saved_then_fixed(tmp_path)
    dry = cli_runner(["survey", "import", str(fixed), "--unit", "PPID", "--period", "2025-S1",
                      "--dry-run"]).output
    assert "2 baris sama persis dengan impor #1" in dry and "dilewati" in dry
    out = cli_runner(["survey", "import", str(fixed), "--unit", "PPID", "--period",
                      "2025-S1"]).output
    assert "2 respons" in out and "2 baris sama persis dengan impor #1" in out
    assert _stored() == 4
