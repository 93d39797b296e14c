"""Issue 12 (survey): grade what is printed, weighted NRR rounded once, the two named methods
(14/2017, 25/2004), the reconciliation weight variants and the IKM's confidence interval,
each against numbers worked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest
from sqlmodel import select

from pantau.core.db import session_scope
from pantau.core.errors import InputError
from survey.api import import_file, score_unit
from survey.columns import plan_columns
from survey.methods import METHOD_2004, WEIGHTS, get_weights
from survey.models import Response
from survey.questionnaire import ELEMENTS_2004
from survey.scoring import (
    Totals,
    confidence_interval,
    grade_ikm,
    grade_nrr,
    score_totals,
    weighted_nrr,
)

from .helpers import NO_UNITS, PERIOD, survey_config, write_csv

TOTALS_29 = (105, 101, 100, 116, 102, 105, 106, 105, 115)  # a published worked example


def test_printed_ikm_and_its_grade_agree():
    # 100 respondents, 3179 points over nine elements: 3179 x 25 / 900 = 88.30555...
    score = score_totals(Totals(100, (354,) * 8 + (347,), (100,) * 9), period="2025")
    assert (score.ikm, score.grade) == (88.31, "A")  # prints 88,31, the table's A
    # 1000 respondents, 23399 points: 64.99722... prints 65,00 -> C, like any other 65,00
    sums = (2600,) * 8 + (2599,)
    score = score_totals(Totals(1000, sums, (1000,) * 9), period="2025")
    assert (score.ikm, score.grade) == (65.00, "C")


def test_each_element_is_graded_on_the_nrr_printed_beside_it():
    # 1000 respondents: U1 3532/1000 = 3.532 prints 3,532 -> B (3,0644-3,532);
    # U2 3533 -> 3,533 -> A; U3 3064 -> 3,064 -> C; U4 3065 -> B; U5 2600 -> C; U6 2599 -> D
    sums = (3532, 3533, 3064, 3065, 2600, 2599, 3000, 3000, 3000)
    score = score_totals(Totals(1000, sums, (1000,) * 9), period="2025")
    printed = [(e.nrr_printed, e.grade) for e in score.elements[:6]]
    assert printed == [(3.532, "B"), (3.533, "A"), (3.064, "C"), (3.065, "B"),
                       (2.6, "C"), (2.599, "D")]


def test_weighted_nrr_is_rounded_once():
    # HUMAS U1 in the demo: 302 points from 96 respondents; 302/96/9 = 0.3495370... -> 0,350
    sums = (302, 300, 300, 300, 300, 300, 300, 300, 300)
    score = score_totals(Totals(96, sums, (96,) * 9), period="2025")
    u1 = score.elements[0]
    assert u1.weighted == pytest.approx(302 / 96 / 9)
    assert u1.weighted_printed == 0.350
    assert weighted_nrr(Fraction(302, 96)) == Fraction(302, 864)


def test_the_29_respondent_example_under_each_weight():
    totals = Totals(29, TOTALS_29, (29,) * 9)
    # sum 955; 955/29/9 x 25 = 91.475 -> 91,48; 955/29 x 0.11 x 25 = 90.560 -> 90,56
    expected = {"baku": 91.48, "0,111": 91.38, "0,111-r3": 91.40, "0,11": 90.56}
    for code, ikm in expected.items():
        score = score_totals(totals, period="2025", weights=WEIGHTS[code])
        assert score.ikm == ikm, code
        assert score.weights == code and score.method == "14/2017"
        if code != "baku":
            assert "VARIAN REKONSILIASI" in score.method_label and "bukan nilai baku" in \
                score.method_label
    standard = score_totals(totals, period="2025")
    assert "1/9" in standard.method_label and "VARIAN" not in standard.method_label
    assert get_weights("0.11").code == "0,11"  # a dot works as the decimal comma


def test_variants_are_refused_for_the_2004_method():
    with pytest.raises(InputError, match="hanya untuk metode 14/2017"):
        get_weights("0,111", METHOD_2004)
    with pytest.raises(InputError, match="tidak dikenal"):
        get_weights("0,1")


def test_a_2004_worked_example():
    # Ten respondents, fourteen element totals (sum 403): IKM = 403/10/14 x 25 = 71.964...
    # -> 71,96, B (62,51-81,25). U7 2,50 is C (1,76-2,50), U9 3,30 is A, U10 2,00 is C.
    sums = (30, 28, 27, 32, 31, 29, 25, 30, 33, 20, 28, 29, 31, 30)
    score = score_totals(Totals(10, sums, (10,) * 14), period="2025", method=METHOD_2004)
    assert (score.ikm, score.grade, score.method) == (71.96, "B", "25/2004")
    assert "1/14" in score.method_label and "Kepmenpan" in score.method_label
    grades = {e.code: (e.nrr_printed, e.grade) for e in score.elements}
    assert grades["U7"] == (2.5, "C") and grades["U9"] == (3.3, "A")
    assert grades["U10"] == (2.0, "C") and grades["U1"] == (3.0, "B")
    assert [e.name for e in score.elements] == [e.name for e in ELEMENTS_2004]


@pytest.mark.parametrize(("value", "grade"), [
    (25.00, "D"), (43.75, "D"), (43.7549, "D"), (43.755, "C"), (43.76, "C"), (62.50, "C"),
    (62.5049, "C"), (62.505, "B"), (62.51, "B"), (81.25, "B"), (81.2549, "B"),
    (81.255, "A"), (81.26, "A"), (100, "A"),
])
def test_2004_ikm_bands_as_printed(value, grade):
    assert grade_ikm(value, METHOD_2004).letter == grade


@pytest.mark.parametrize(("value", "grade"), [
    (1.75, "D"), (1.7549, "D"), (1.755, "C"), (2.50, "C"), (2.505, "B"), (3.25, "B"),
    (3.2549, "B"), (3.255, "A"), (4.0, "A"),
])
def test_2004_nrr_bands_as_printed(value, grade):
    assert grade_nrr(value, METHOD_2004).letter == grade


ANSWERS = [(4, 4, 3, 4, 3, 3, 4, 2, 3), (3, 3, 3, 4, 3, 4, 4, 3, 3),
           (3, 2, 2, 4, 3, 3, 3, 2, 3), (4, 3, 3, 4, 4, 3, 4, 3, 4)]


def test_confidence_interval_by_hand():
    # Respondent scores (total / 9 x 25): 83.333, 83.333, 69.444, 88.889; mean 81.25,
    # s = 8.29466; t(0.975, 3) = 3.18245; half-width 3.18245 x 8.29466 / 2 = 13.1987.
    totals = Totals.from_answers(ANSWERS)
    assert confidence_interval(totals) == (68.05, 94.45)
    # Population 10: x sqrt((10 - 4) / 9) = 0.81650 -> half-width 10.7766
    assert confidence_interval(totals, population=10) == (70.47, 92.03)
    assert score_totals(totals, period="2025", population=10).ci95 == [70.47, 92.03]
    # Everyone counted: no sampling error left.
    assert confidence_interval(totals, population=4) == (81.25, 81.25)
    assert confidence_interval(Totals.from_answers(ANSWERS[:1])) is None


def test_krejcie_morgan_statement():
    score = score_totals(Totals.from_answers(ANSWERS), period="2025", population=150)
    assert score.min_sample == 108
    assert "belum memenuhi" in score.sample_statement and "108" in score.sample_statement
    met = score_totals(Totals.from_answers(ANSWERS), period="2025", population=4)
    assert "memenuhi sampel minimum" in met.sample_statement and met.sample_warning is None
    unknown = score_totals(Totals.from_answers(ANSWERS), period="2025")
    assert "belum diisi" in unknown.sample_statement


# ---------------------------------------------------------------- a 25/2004 file

HEADERS_2004 = ["No", "Jenis Kelamin", "Usia", *(e.name for e in ELEMENTS_2004), "Saran"]
ROWS_2004 = [
    ["1", "L", "40", *["3"] * 13, "4", ""],
    ["2", "P", "31", *["4"] * 6, "Kurang cepat", *["3"] * 6, "Sangat aman", "Cepat"],
]


def test_a_14_element_file_is_recognised_and_never_mapped_onto_2017(tmp_path):
    plan = plan_columns(HEADERS_2004, source="lama.csv")
    assert plan.method.code == "25/2004" and len(plan.elements) == 14
    path = write_csv(tmp_path / "lama.csv", HEADERS_2004, ROWS_2004)
    result = import_file(path, survey=NO_UNITS, new_unit=True, unit="LAMA", period=PERIOD)
    assert "Kepmenpan" in result.summary() and "tidak dipetakan" in result.summary()
    with session_scope() as session:
        rows = session.exec(select(Response)).all()
        assert [(r.method, r.u7, r.u14) for r in rows] == [("25/2004", 3, 4),
                                                            ("25/2004", 2, 4)]
        score = score_unit(session, survey=NO_UNITS, unit="LAMA", period=PERIOD)
    # Sums: U1-U6 7, U7 5, U8-U13 6, U14 8 -> 91 / 2 / 14 x 25 = 81.25 -> B (62,51-81,25)
    assert (score.method, score.respondents, score.ikm, score.grade) == ("25/2004", 2, 81.25,
                                                                          "B")
    assert len(score.elements) == 14


def test_a_14_element_file_for_a_2017_unit_is_refused_in_indonesian(tmp_path):
    survey = survey_config('[[survey.units]]\ncode = "HUMAS"\nname = "Biro Humas"\n')
    path = write_csv(tmp_path / "lama.csv", HEADERS_2004, ROWS_2004)
    with pytest.raises(InputError, match=r"metode 25/2004.*unit HUMAS memakai metode "
                                         r"14/2017.*tidak dipetakan"):
        import_file(path, survey=survey, unit="HUMAS", period=PERIOD)
    survey = survey_config('[[survey.units]]\ncode = "HUMAS"\nname = "Biro Humas"\n'
                           'method = "25/2004"\n')
    result = import_file(path, survey=survey, unit="HUMAS", period=PERIOD)
    assert result.stored == 2 and result.method == "25/2004"
