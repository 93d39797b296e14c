"""The IKM and the negative-sentiment share against the periods and surveys before them
(the plans page's trend). Every expected number is worked out by hand beside it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indicators.config import IndicatorsConfig
from indicators.planio import read_plan
from indicators.plans import save_plan
from indicators.trends import indicator_trends
from pantau.core.periods import parse_period
from survey.config import SurveyConfig, UnitConfig
from tests.indicators.helpers import add_mention, add_profile, wib

EXAMPLES = Path(__file__).parents[2] / "indicators" / "examples"
SURVEY = SurveyConfig(units=[UnitConfig(code="humas", name="Biro Humas")])


def _respond(session, day: date, *values: int) -> None:
    from survey.api import submit_response

    for value in values:
        submit_response(session, survey=SURVEY, unit="humas",
                        period=parse_period(f"{day.year}-{day.month:02d}"),
                        answers={f"U{i}": value for i in range(1, 10)}, tanggal_survei=day)


@pytest.fixture
def history(session):
    """IKU 2023 (January version: negative share of profile instansi, IKM of unit humas).
    Mentions: 2023-TW1 1 negatif of 4 (25%), TW2 none, TW3 2 of 5 (40%), TW4 1 of 10
    (10%). Survey: May 2022 one respondent answering 3 everywhere (IKM 75,00); February
    2023 two respondents, all 4s and all 3s (NRR 3,5: IKM 87,50); nothing in 2023-TW4."""
    save_plan(session, read_plan(EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml"))
    pid = add_profile(session, "instansi")
    for month, negative, total in ((2, 1, 4), (8, 2, 5), (11, 1, 10)):
        for i in range(total):
            add_mention(session, pid, wib(2023, month, 1 + i),
                        model="negatif" if i < negative else "netral")
    _respond(session, date(2022, 5, 10), 3)
    _respond(session, date(2023, 2, 10), 4, 3)
    session.commit()


def _trends(session, period: str):
    return {t.source: t for t in indicator_trends(
        session, year=2023, period=parse_period(period), indicators=IndicatorsConfig(),
        survey=SURVEY)}


def test_negative_share_against_the_four_quarters_before(session, history):
    negative = _trends(session, "2023-TW4")["negative_share"]
    assert (negative.title, negative.target, negative.target_text, negative.polarity) == (
        "IKU-1 Persentase sentimen negatif pemberitaan", 20, "< 20%", "lower")
    assert negative.scope == "profil instansi"
    assert [(p.period.code, p.value, p.change) for p in negative.points] == [
        ("2022-TW4", None, None), ("2023-TW1", 25.0, None), ("2023-TW2", None, None),
        ("2023-TW3", 40.0, 15.0),  # against TW1, the last quarter with a value
        ("2023-TW4", 10.0, -30.0)]
    assert negative.latest.change_from is not None
    assert negative.latest.change_from.code == "2023-TW3"
    assert negative.points[-1].detail == "1 negatif dari 10 berita berlabel"
    assert negative.points[0].detail == "belum ada berita berlabel"


def test_ikm_against_the_previous_surveys(session, history):
    ikm = _trends(session, "2023-TW4")["ikm"]
    assert (ikm.title, ikm.scope, ikm.polarity) == (
        "IKU-2 Nilai kepuasan atas layanan kehumasan dan informasi publik", "unit humas",
        "higher")
    # Quarters without respondents are skipped except the one asked for: the previous
    # surveys are 2023-TW1 (87,50) and 2022-TW2 (75,00).
    assert [(p.period.code, p.value, p.change) for p in ikm.points] == [
        ("2022-TW2", 75.0, None), ("2023-TW1", 87.5, 12.5), ("2023-TW4", None, None)]
    assert ikm.points[1].detail == "2 responden, mutu B"
    assert ikm.points[-1].detail == "belum ada responden"
    assert "14/2017" in ikm.note
    # By year: 2023 87,50 against 2022 75,00.
    yearly = _trends(session, "2023")["ikm"]
    assert [(p.period.code, p.value, p.change) for p in yearly.points] == [
        ("2022", 75.0, None), ("2023", 87.5, 12.5)]


def test_without_core_indicators_every_unit_and_profile(session):
    pid = add_profile(session, "lain")
    add_mention(session, pid, wib(2023, 3, 1), model="negatif")
    add_mention(session, pid, wib(2023, 3, 2), model="positif")
    session.commit()
    trends = indicator_trends(session, year=2023, period=parse_period("2023-03"),
                              indicators=IndicatorsConfig(), survey=SURVEY)
    assert [(t.source, t.scope, t.target) for t in trends] == [
        ("ikm", "semua unit layanan", None), ("negative_share", "semua profil", None)]
    # March 2023: 1 negatif of 2 = 50%; February, January, December, November: nothing.
    assert [(p.period.code, p.value) for p in trends[1].points] == [
        ("2022-11", None), ("2022-12", None), ("2023-01", None), ("2023-02", None),
        ("2023-03", 50.0)]
    assert [(p.period.code, p.value) for p in trends[0].points] == [("2023-03", None)]
