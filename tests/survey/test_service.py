"""Service functions other domains call: score_unit, submit_response, preview_upload, and
the breakdowns."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from pantau.core.db import session_scope
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import parse_period
from survey import aggregate
from survey.api import SurveyScore, import_file, preview_upload, score_unit, submit_response
from survey.models import Response, Service, ServiceUnit
from survey.questionnaire import ELEMENT_NAMES
from survey.units import get_unit
from tests.pantau.helpers import sql_statements
from tests.survey.helpers import GOOD, HEADERS, NO_UNITS, survey_config, write_csv

PPID = survey_config('[[survey.units]]\ncode = "PPID"\nname = "PPID Pusat"\n'
                     'services = ["Informasi", "Konsultasi"]\npopulation = 100\n')


def test_submit_response_from_the_public_form():
    with session_scope() as session:
        response_id = submit_response(
            session, survey=PPID, unit="PPID", period=None,
            answers={"U1": 4, "U2": "Mudah", "Waktu Penyelesaian": 3, "U4": "Gratis",
                     "U5": 3, "U6": 3, "U7": 4, "U8": 2, "Sarana dan Prasarana": "Baik"},
            jenis_kelamin="Perempuan", usia=31, pendidikan="S1", pekerjaan="Guru honorer",
            jenis_layanan="informasi", tanggal_survei=date(2025, 5, 6), saran="Cepat")
        response = session.get(Response, response_id)
        assert response is not None
        assert (response.u2, response.u3, response.u9) == (3, 3, 3)
        assert response.occupation == "Lainnya" and response.education == "D4/S1"
        assert response.source == "formulir"
    with session_scope() as session:
        # the month period 2025-05 lies inside 2025-TW2, 2025-S1 and 2025
        def respondents(code: str, service: str | None = None) -> int:
            return score_unit(session, survey=PPID, unit="PPID", period=parse_period(code),
                              service=service).respondents

        for code in ("2025-05", "2025-TW2", "2025-S1", "2025"):
            assert respondents(code) == 1
        assert respondents("2025-TW1") == 0
        assert respondents("2025", "Informasi") == 1


ANSWERS: dict[str, int | str] = {f"U{i}": 3 for i in range(1, 10)}


def test_a_submission_reads_its_unit_once_and_writes_one_row():
    """Issue 15: every submission re-synced the configured units and re-read the unit and its
    services (six statements before the insert). Once the unit is stored as configured, a
    response costs one read (unit, services and period together) and one insert."""
    with session_scope() as session:
        submit_response(session, survey=PPID, unit="PPID", period=None, answers=ANSWERS,
                        jenis_layanan="Informasi")
    with session_scope() as session, sql_statements() as sent:
        submit_response(session, survey=PPID, unit="ppid", period=None, answers=ANSWERS,
                        jenis_layanan="konsultasi")
    assert len(sent) == 2, sent
    assert sent[0].startswith("SELECT") and sent[1].startswith("INSERT INTO survey_response")


def test_a_changed_config_is_stored_by_the_next_submission():
    """The unit's row follows the config the process runs with: a renamed unit, a new
    population and a new service are written by the first submission that sees them."""
    with session_scope() as session:
        submit_response(session, survey=PPID, unit="PPID", period=None, answers=ANSWERS)
    changed = survey_config('[[survey.units]]\ncode = "PPID"\nname = "PPID Kementerian"\n'
                            'services = ["Informasi", "Konsultasi", "Keberatan"]\n'
                            'population = 250\n')
    with session_scope() as session:
        response_id = submit_response(session, survey=changed, unit="PPID", period=None,
                                      answers=ANSWERS, jenis_layanan="keberatan")
    with session_scope() as session:
        unit = session.exec(select(ServiceUnit)).scalars().one()
        assert (unit.name, unit.population) == ("PPID Kementerian", 250)
        names = {s.id: s.name for s in session.exec(select(Service)).scalars()}
        assert sorted(names.values()) == ["Informasi", "Keberatan", "Konsultasi"]
        response = session.get(Response, response_id)
        assert response is not None and names[response.service_id] == "Keberatan"


def test_a_service_stored_by_an_import_is_matched_by_the_form(tmp_path):
    """A unit without configured services learns them from imports: a form naming one in
    another case is counted under the stored one, never as a second service."""
    import_file(write_csv(tmp_path / "a.csv", HEADERS, GOOD), survey=NO_UNITS, new_unit=True,
                unit="A",
                period=parse_period("2025-S1"))
    with session_scope() as session:
        submit_response(session, survey=NO_UNITS, unit="a", period=None, answers=ANSWERS,
                        jenis_layanan="informasi")
        names = sorted(s.name for s in session.exec(select(Service)).scalars())
    assert names == ["Informasi", "Konsultasi"]


def test_submit_response_validates_like_the_importer():
    with session_scope() as session, pytest.raises(InputError) as exc:
        submit_response(session, survey=PPID, unit="PPID", period=parse_period("2025-S1"),
                        answers={"U1": 5, "U2": 3, "U3": 3, "U4": 3, "U5": 3, "U6": 3, "U7": 3,
                                 "U8": 3},
                        jenis_layanan="Parkir", tanggal_survei=date(2025, 8, 1))
    text = str(exc.value)
    assert "nilai '5' di luar rentang 1-4 untuk unsur Persyaratan" in text
    assert "jawaban unsur Sarana dan Prasarana kosong" in text
    assert "layanan 'Parkir' tidak terdaftar" in text
    assert "di luar periode 2025-S1" in text
    with session_scope() as session:
        assert session.connection().execute(
            select(func.count()).select_from(Response.__table__)).scalar_one() == 0
        with pytest.raises(InputError, match="unsur yang tidak dikenal: U10"):
            submit_response(session, survey=PPID, unit="PPID", period=None, answers={"U10": 3})
        with pytest.raises(NotFoundError):
            submit_response(session, survey=PPID, unit="TIDAK-ADA", period=None, answers={})


def test_preview_upload_lists_problems_without_storing(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[2][9] = "7"
    path = write_csv(tmp_path / "unggah.csv", [*HEADERS, "Kolom aneh"], [r + ["x"] for r in rows])
    result = preview_upload(path, survey=NO_UNITS, new_unit=True,
                            unit="BARU", period=parse_period("2025-S1"),
                            display_name="survei-mei.csv")
    assert not result.ok
    assert "survei-mei.csv, baris 1, kolom R ('Kolom aneh')" in str(result.problems[0])
    clean = write_csv(tmp_path / "u2.csv", HEADERS, rows)
    result = preview_upload(clean, survey=NO_UNITS, new_unit=True,
                            unit="BARU", period=parse_period("2025-S1"))
    assert (result.rows_read, result.rejected) == (3, 1)
    assert "baris 4, kolom J ('U3'): nilai '7'" in str(result.problems[0])
    with session_scope() as session:
        assert session.connection().execute(
            select(func.count()).select_from(Response.__table__)).scalar_one() == 0


def test_score_unit_contract_and_breakdowns(tmp_path):
    period = parse_period("2025-S1")
    for unit, rows in (("A", GOOD), ("B", GOOD[:1])):
        import_file(write_csv(tmp_path / f"{unit}.csv", HEADERS, rows), survey=NO_UNITS,
                    new_unit=True, unit=unit, period=period)
    with session_scope() as session:
        every = score_unit(session, survey=NO_UNITS, unit=None, period=parse_period("2025"))
        assert isinstance(every, SurveyScore)
        assert every.respondents == 4 and every.unit is None
        assert list(every.nrr) == list(ELEMENT_NAMES)
        assert isinstance(every.ikm, float) and round(every.ikm, 2) == every.ikm
        assert every.grade in "ABCD" and every.label
        by_unit = aggregate.breakdown(session, by="unit", period=period)
        assert [(name, t.respondents) for name, t in by_unit] == [("A", 3), ("B", 1)]
        by_gender = aggregate.breakdown(session, by="gender", period=period)
        assert [(n, t.respondents) for n, t in by_gender] == [("Laki-laki", 2),
                                                               ("Perempuan", 2)]
        by_age = aggregate.breakdown(session, by="age_band", period=period)
        assert [(n, t.respondents) for n, t in by_age] == [("20-29 tahun", 1),
                                                            ("30-39 tahun", 2),
                                                            ("40-49 tahun", 1)]
        by_edu = dict((n, t.respondents) for n, t in aggregate.breakdown(
            session, by="education", period=period))
        assert by_edu == {"SMA": 1, "D4/S1": 2, "S2": 1}
        by_service = aggregate.breakdown(session, by="service", period=period)
        assert sorted(n for n, _ in by_service) == ["Informasi (A)", "Informasi (B)",
                                                     "Konsultasi (A)"]
        one_unit = aggregate.breakdown(session, by="service", period=period,
                                       unit_id=every_unit_id(session, "A"))
        assert sorted(n for n, _ in one_unit) == ["Informasi", "Konsultasi"]
        with pytest.raises(NotFoundError, match="Layanan 'Parkir' tidak ditemukan"):
            score_unit(session, survey=NO_UNITS, unit="A", period=period, service="Parkir")


def every_unit_id(session, code: str) -> int:
    unit = get_unit(session, code, survey=NO_UNITS)
    assert unit.id is not None
    return unit.id
