"""The population of "every unit" is the sum of the units' populations, so the sample of
the whole can be judged; a unit without one is named (in words, not in TOML)."""

from __future__ import annotations

import json

from pantau.core.db import session_scope
from survey.importer import import_file
from survey.results import score_unit
from tests.survey.helpers import GOOD, HEADERS, PERIOD, TWO_UNITS, survey_config, write_csv


def _import_both(tmp_path, survey):
    import_file(write_csv(tmp_path / "a.csv", HEADERS, GOOD), survey=survey, unit="PPID",
                period=PERIOD)
    import_file(write_csv(tmp_path / "b.csv", HEADERS, GOOD[:2]), survey=survey, unit="HUMAS",
                period=PERIOD)


def test_every_unit_has_the_sum_of_the_populations(tmp_path):
    survey = survey_config(TWO_UNITS)
    _import_both(tmp_path, survey)
    with session_scope() as s:
        score = score_unit(s, survey=survey, unit=None, period=PERIOD)
    assert score.population == 290 and score.min_sample == 165
    assert "belum memenuhi sampel minimum Krejcie-Morgan 165 responden untuk populasi 290" \
        in score.sample_statement
    assert "[[" not in score.sample_statement


def test_a_unit_without_population_is_named(tmp_path):
    survey = survey_config(TWO_UNITS.replace("population = 150\n", ""))
    _import_both(tmp_path, survey)
    with session_scope() as s:
        every = score_unit(s, survey=survey, unit=None, period=PERIOD)
        humas = score_unit(s, survey=survey, unit="HUMAS", period=PERIOD)
    assert every.population is None
    assert "HUMAS" in every.sample_statement and "belum diisi" in every.sample_statement
    assert "PPID" not in every.sample_statement
    for score in (every, humas):
        assert "[[" not in score.sample_statement and "tidak dapat dinilai" in \
            score.sample_statement


def test_cli_score_of_every_unit_judges_the_sample(cli_runner, write_config, tmp_path):
    write_config(TWO_UNITS)
    _import_both(tmp_path, survey_config(TWO_UNITS))
    out = cli_runner(["survey", "score", "--period", "2025-S1"]).output
    assert "populasi 290" in out and "belum diisi" not in out
    data = json.loads(cli_runner(["survey", "score", "--period", "2025-S1", "--json"]).output)
    assert data["population"] == 290
