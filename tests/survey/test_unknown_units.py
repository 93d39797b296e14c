"""A unit code nobody has defined is refused on import (a typo must not create a unit):
the message lists the known units and suggests the closest; a new unit is created only
when asked for (`new_unit` / `--new-unit`)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pantau.core.db import session_scope
from pantau.core.errors import InputError
from survey.importer import import_file, validate_file
from survey.models import ServiceUnit
from tests.survey.helpers import (
    GOOD,
    HEADERS,
    NO_UNITS,
    PERIOD,
    TWO_UNITS,
    survey_config,
    write_csv,
)

CONFIG = survey_config(TWO_UNITS)


def _codes() -> list[str]:
    with session_scope() as s:
        return sorted(s.exec(select(ServiceUnit.code)).all())


def test_a_typo_in_the_unit_code_is_refused_with_the_known_units(tmp_path):
    path = write_csv(tmp_path / "skm.csv", HEADERS, GOOD)
    with pytest.raises(InputError) as caught:
        import_file(path, survey=CONFIG, unit="PPlD", period=PERIOD)
    message = str(caught.value)
    assert "Unit layanan 'PPlD' belum terdaftar" in message
    assert "HUMAS, PPID" in message and "Mungkin maksud Anda PPID?" in message
    assert "PPlD" not in _codes()
    # The check (preview) says the same and stores nothing.
    with pytest.raises(InputError, match="belum terdaftar"):
        validate_file(path, survey=CONFIG, unit="PPlD", period=PERIOD)
    with pytest.raises(InputError, match="belum terdaftar"):
        import_file(path, survey=CONFIG, unit="PPIDX", period=PERIOD, dry_run=True)
    assert "PPIDX" not in _codes() and "PPlD" not in _codes()


def test_a_lowercase_code_is_the_configured_unit(tmp_path):
    path = write_csv(tmp_path / "skm.csv", HEADERS, GOOD)
    result = import_file(path, survey=CONFIG, unit="ppid", period=PERIOD)
    assert result.unit == "PPID" and result.stored == 3
    assert _codes() == ["HUMAS", "PPID"]


def test_a_new_unit_is_created_only_when_asked(tmp_path):
    path = write_csv(tmp_path / "skm.csv", HEADERS, GOOD)
    with pytest.raises(InputError, match="Belum ada unit layanan yang terdaftar"):
        import_file(path, survey=NO_UNITS, unit="LOKET", period=PERIOD)
    assert _codes() == []
    result = import_file(path, survey=NO_UNITS, unit="LOKET", period=PERIOD, new_unit=True)
    assert result.stored == 3 and _codes() == ["LOKET"]
    # Once created (by an explicit act), it is a known unit.
    other = write_csv(tmp_path / "lagi.csv", HEADERS, [[*GOOD[0][:7], *"111122223", ""]])
    assert import_file(other, survey=NO_UNITS, unit="loket", period=PERIOD).stored == 1
    assert _codes() == ["LOKET"]


def test_cli_refuses_an_unknown_unit_and_says_how_to_create_one(cli_runner, write_config,
                                                                   tmp_path):
    write_config(TWO_UNITS)
    path = write_csv(tmp_path / "skm.csv", HEADERS, GOOD)
    for extra in ([], ["--dry-run"]):
        result = cli_runner(["survey", "import", str(path), "--unit", "PPIDX", "--period",
                             "2025-S1", *extra], expect_ok=False)
        assert result.exit_code == 1, result.output
        assert "Galat: Unit layanan 'PPIDX' belum terdaftar" in result.output
        assert "Mungkin maksud Anda PPID?" in result.output and "--new-unit" in result.output
    assert "PPIDX" not in cli_runner(["survey", "units"]).output
    made = cli_runner(["survey", "import", str(path), "--unit", "LOKET", "--period", "2025-S1",
                       "--new-unit"])
    assert "3 respons" in made.output and "unit layanan baru LOKET dibuat" in made.output
    assert "LOKET" in cli_runner(["survey", "units"]).output
