"""Attacks on the survey import found in issue 15, replayed: imports at the same moment,
long unit names, NUL bytes and unknown encodings in CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pantau.core.db import session_scope
from pantau.core.errors import InputError
from survey.api import import_file
from survey.models import ImportBatch, Response, ServiceUnit
from tests.pantau.helpers import at_once
from tests.survey.helpers import GOOD, HEADERS, NO_UNITS, PERIOD, write_csv


def _count(table: Any) -> int:
    with session_scope() as s:
        return int(s.connection().execute(select(func.count()).select_from(table)).scalar_one())


def test_different_files_at_once_create_the_new_unit_once(tmp_path: Path) -> None:
    """Two officers import files for a unit not yet in the database at the same moment: both
    are stored (one failed with a raw IntegrityError on survey_unit.code)."""
    files = []
    for i in range(4):
        rows = [r[:-1] + [f"berkas {i}"] for r in GOOD]
        files.append(write_csv(tmp_path / f"skm-{i}.csv", HEADERS, rows))
    results = at_once([
        (lambda f=f: import_file(f, survey=NO_UNITS, new_unit=True,
                                 unit="Unit Baru", period=PERIOD))
        for f in files])
    assert all(not isinstance(r, Exception) for r in results), results
    assert [r.stored for r in results] == [3, 3, 3, 3]
    assert _count(ServiceUnit.__table__) == 1
    assert _count(Response.__table__) == 12


def test_the_same_file_twice_at_once_is_imported_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "skm.csv", HEADERS, GOOD)
    results = at_once([
        lambda: import_file(path, survey=NO_UNITS, new_unit=True, unit="Unit Baru", period=PERIOD),
        lambda: import_file(path, survey=NO_UNITS, new_unit=True, unit="Unit Baru", period=PERIOD)])
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.already_imported for r in results) == [False, True]
    again = next(r for r in results if r.already_imported)
    assert "sudah pernah diimpor" in again.summary()
    assert _count(ImportBatch.__table__) == 1
    assert _count(Response.__table__) == 3


def test_a_unit_name_longer_than_the_column_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "skm.csv", HEADERS, GOOD)
    with pytest.raises(InputError, match="terlalu panjang"):
        import_file(path, survey=NO_UNITS, new_unit=True, unit="U" * 51, period=PERIOD)
    assert _count(Response.__table__) == 0


def test_nul_bytes_in_a_csv_are_refused_naming_the_row(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[1][-1] = "bagus\x00sekali"
    path = tmp_path / "skm.csv"
    path.write_bytes((",".join(HEADERS) + "\n" + "x" * 5000 + "\n"
                      + "\n".join(",".join(r) for r in rows) + "\n").encode())
    with pytest.raises(InputError, match=r"skm.csv baris \d+, kolom 17: berisi karakter NUL"):
        import_file(path, survey=NO_UNITS, new_unit=True, unit="loket", period=PERIOD)
    assert _count(Response.__table__) == 0
