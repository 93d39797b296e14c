"""Scoring by PermenPANRB 14/2017, computed by hand: NRR, IKM, every band boundary, the
0.111 spreadsheet setting and the Krejcie-Morgan sample."""

from __future__ import annotations

from fractions import Fraction

import pytest

from survey.questionnaire import ELEMENT_NAMES
from survey.scoring import (
    Totals,
    grade_ikm,
    grade_nrr,
    ikm,
    min_sample,
    round_half_up,
    score_totals,
)

# Four respondents, answers U1..U9 (worked by hand below).
ANSWERS = [
    (4, 4, 3, 4, 3, 3, 4, 2, 3),
    (3, 3, 3, 4, 3, 4, 4, 3, 3),
    (3, 2, 2, 4, 3, 3, 3, 2, 3),
    (4, 3, 3, 4, 4, 3, 4, 3, 4),
]
# Sums 14 12 11 16 13 13 15 10 13 (total 117); NRR = sum / 4.
EXPECTED_NRR = [3.5, 3.0, 2.75, 4.0, 3.25, 3.25, 3.75, 2.5, 3.25]


def test_nrr_ikm_and_grades_by_hand():
    score = score_totals(Totals.from_answers(ANSWERS), period="2025-S1", unit="PPID")
    assert score.respondents == 4
    assert list(score.nrr) == list(ELEMENT_NAMES)  # regulation order
    assert list(score.nrr.values()) == EXPECTED_NRR
    # IKM = mean NRR x 25 = (117 / 4 / 9) x 25 = 81.25
    assert score.ikm == 81.25
    assert (score.grade, score.label) == ("B", "Baik")
    grades = [e.grade for e in score.elements]
    # 3.5 < 3.5324 -> B; 3.0 < 3.0644 -> C; 2.75 C; 4.0 A; 3.25 B; 3.75 A; 2.5 < 2.60 -> D
    assert grades == ["B", "C", "C", "A", "B", "B", "A", "D", "B"]
    assert score.priorities == ["Penanganan Pengaduan, Saran dan Masukan",
                                "Waktu Penyelesaian", "Sistem, Mekanisme, dan Prosedur"]
    assert score.elements[0].weighted == pytest.approx(3.5 / 9, abs=1e-4)
    assert not score.spreadsheet_weights and "1/9" in score.method_label


def test_spreadsheet_weights_round_before_summing():
    score = score_totals(Totals.from_answers(ANSWERS), period="2025-S1", spreadsheet=True)
    # NRR x 0.111 rounded to 3 decimals: .389 .333 .305 .444 .361 .361 .416 .278 .361
    # sum 3.248 x 25 = 81.20 (the exact method gives 81.25)
    assert [e.weighted for e in score.elements] == [
        0.389, 0.333, 0.305, 0.444, 0.361, 0.361, 0.416, 0.278, 0.361]
    assert score.ikm == 81.2
    assert score.spreadsheet_weights and "0,111" in score.method_label


def test_spreadsheet_weights_cap_the_score_at_99_9():
    best = Totals.from_answers([(4,) * 9] * 3)
    assert score_totals(best, period="2025").ikm == 100.0
    assert score_totals(best, period="2025", spreadsheet=True).ikm == 99.9


@pytest.mark.parametrize(("value", "grade"), [
    # Graded as printed (half-up to two decimals) against 25,00-64,99 D / 65,00-76,60 C /
    # 76,61-88,30 B / 88,31-100 A.
    (25.00, "D"), (64.99, "D"), (64.9949, "D"), (64.995, "C"), (64.9999, "C"),
    (65.00, "C"), (70, "C"), (76.60, "C"), (76.6049, "C"), (76.605, "B"), (76.6099, "B"),
    (76.61, "B"), (80, "B"), (88.30, "B"), (88.3049, "B"), (88.305, "A"), (88.3099, "A"),
    (88.31, "A"), (95, "A"), (100.00, "A"),
])
def test_ikm_band_boundaries_on_the_printed_value(value, grade):
    assert grade_ikm(value).letter == grade


@pytest.mark.parametrize(("value", "grade"), [
    # Printed at three decimals and read against 1,00-2,5996 D / 2,60-3,064 C /
    # 3,0644-3,532 B / 3,5324-4,00 A: 2,599 D, 2,600 C, 3,064 C, 3,065 B, 3,532 B, 3,533 A.
    (1.00, "D"), (2.5, "D"), (2.5994, "D"), (2.5995, "C"), (2.5996, "C"),
    (2.60, "C"), (3.0, "C"), (3.064, "C"), (3.0644, "C"), (3.0645, "B"),
    (3.3, "B"), (3.532, "B"), (3.5324, "B"), (3.5325, "A"), (3.9, "A"), (4.00, "A"),
])
def test_nrr_band_boundaries_on_the_printed_value(value, grade):
    assert grade_nrr(value).letter == grade


@pytest.mark.parametrize("label", [("A", "Sangat Baik"), ("B", "Baik"), ("C", "Kurang Baik"),
                                   ("D", "Tidak Baik")])
def test_grade_labels(label):
    sample = {"A": 90, "B": 80, "C": 70, "D": 50}[label[0]]
    assert (grade_ikm(sample).letter, grade_ikm(sample).label) == label


def _totals(respondents: int, total: int) -> Totals:
    """Nine elements whose sums add up to `total` (each at most 4 x respondents)."""
    base, extra = divmod(total, 9)
    sums = tuple(base + (1 if i < extra else 0) for i in range(9))
    assert max(sums) <= 4 * respondents
    return Totals(respondents, sums, (respondents,) * 9)


@pytest.mark.parametrize(("respondents", "total", "ikm_value", "grade"), [
    # IKM = total x 25 / (9 x respondents)
    (5, 117, 65.00, "C"),        # every NRR 2.6: exactly the lower bound of C
    (125, 3447, 76.60, "C"),     # exactly 76.60
    (125, 3448, 76.62, "B"),     # 76.6222...
    (2500, 79479, 88.31, "A"),   # exactly 88.31
    (2500, 79478, 88.31, "A"),   # 88.3088...: printed 88,31, graded A as printed
    (1000, 23399, 65.00, "C"),   # 64.9972...: printed 65,00, graded C as printed
])
def test_boundaries_reached_from_counts(respondents, total, ikm_value, grade):
    score = score_totals(_totals(respondents, total), period="2025")
    assert score.ikm == ikm_value  # as reported: two decimals
    assert score.grade == grade


def test_ikm_needs_nine_values_and_is_exact():
    assert ikm([Fraction(13, 5)] * 9) == 65
    with pytest.raises(ValueError):
        ikm([3.0] * 8)


def test_round_half_up_is_not_bankers_rounding():
    assert float(round_half_up(2.345, 2)) == 2.35
    assert float(round_half_up(81.245, 2)) == 81.25
    assert float(round_half_up(0.3885, 3)) == 0.389


@pytest.mark.parametrize(("population", "sample"), [
    (10, 10), (50, 44), (100, 80), (500, 217), (1000, 278), (10_000, 370),
    (1_000_000, 384),
])
def test_krejcie_morgan_minimum_sample(population, sample):
    assert min_sample(population) == sample


def test_sample_warning_when_a_unit_falls_short():
    short = score_totals(Totals.from_answers(ANSWERS), period="2025", population=100)
    assert short.min_sample == 80
    assert short.sample_warning and "kurang dari sampel minimum 80" in short.sample_warning
    enough = score_totals(Totals.from_answers(ANSWERS * 25), period="2025", population=100)
    assert enough.sample_warning is None


def test_no_respondents_gives_no_grade():
    score = score_totals(Totals.empty(), period="2025")
    assert (score.respondents, score.ikm, score.grade) == (0, 0.0, "-")
    assert score.nrr == {}
