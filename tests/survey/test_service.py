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
from survey.models import Response
from survey.questionnaire import ELEMENT_NAMES
from survey.scoring import SurveyScore, score_unit
from survey.service import preview_upload, submit_response
from tests.survey.helpers import GOOD, HEADERS, write_csv

UNIT_TOML = ('[[survey.units]]\ncode = "PPID"\nname = "PPID Pusat"\n'
             'services = ["Informasi", "Konsultasi"]\npopulation = 100\n')


def test_submit_response_from_the_public_form(write_config):
    write_config(UNIT_TOML)
    with session_scope() as session:
        response = submit_response(
            session, unit="PPID", period=None,
            answers={"U1": 4, "U2": "Mudah", "Waktu Penyelesaian": 3, "U4": "Gratis",
                     "U5": 3, "U6": 3, "U7": 4, "U8": 2, "Sarana dan Prasarana": "Baik"},
            jenis_kelamin="Perempuan", usia=31, pendidikan="S1", pekerjaan="Guru honorer",
            jenis_layanan="informasi", tanggal_survei=date(2025, 5, 6), saran="Cepat")
        assert (response.u2, response.u3, response.u9) == (3, 3, 3)
        assert response.occupation == "Lainnya" and response.education == "D4/S1"
        assert response.source == "formulir"
    with session_scope() as session:
        # the month period 2025-05 lies inside 2025-TW2, 2025-S1 and 2025
        for code in ("2025-05", "2025-TW2", "2025-S1", "2025"):
            assert score_unit(session, unit="PPID", period=parse_period(code)).respondents == 1
        assert score_unit(session, unit="PPID", period=parse_period("2025-TW1")).respondents == 0
        assert score_unit(session, unit="PPID", period=parse_period("2025"),
                          service="Informasi").respondents == 1


def test_submit_response_validates_like_the_importer(write_config):
    write_config(UNIT_TOML)
    with session_scope() as session, pytest.raises(InputError) as exc:
        submit_response(session, unit="PPID", period=parse_period("2025-S1"),
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
            submit_response(session, unit="PPID", period=None, answers={"U10": 3})
        with pytest.raises(NotFoundError):
            submit_response(session, unit="TIDAK-ADA", period=None, answers={})


def test_preview_upload_lists_problems_without_storing(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[2][9] = "7"
    path = write_csv(tmp_path / "unggah.csv", [*HEADERS, "Kolom aneh"], [r + ["x"] for r in rows])
    result = preview_upload(path, unit="BARU", period=parse_period("2025-S1"),
                            display_name="survei-mei.csv")
    assert not result.ok
    assert "survei-mei.csv, baris 1, kolom R ('Kolom aneh')" in str(result.problems[0])
    clean = write_csv(tmp_path / "u2.csv", HEADERS, rows)
    result = preview_upload(clean, unit="BARU", period=parse_period("2025-S1"))
    assert (result.rows_read, result.rejected) == (3, 1)
    assert "baris 4, kolom J ('U3'): nilai '7'" in str(result.problems[0])
    with session_scope() as session:
        assert session.connection().execute(
            select(func.count()).select_from(Response.__table__)).scalar_one() == 0


def test_score_unit_contract_and_breakdowns(tmp_path):
    from survey.importer import import_file

    period = parse_period("2025-S1")
    import_file(write_csv(tmp_path / "a.csv", HEADERS, GOOD), unit="A", period=period)
    import_file(write_csv(tmp_path / "b.csv", HEADERS, GOOD[:1]), unit="B", period=period)
    with session_scope() as session:
        every = score_unit(session, unit=None, period=parse_period("2025"))
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
            score_unit(session, unit="A", period=period, service="Parkir")


def every_unit_id(session, code: str) -> int:
    from survey.units import get_unit

    unit = get_unit(session, code)
    assert unit.id is not None
    return unit.id
