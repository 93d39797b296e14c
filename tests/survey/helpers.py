"""Shared survey test data: a valid response file in the official column layout, and the
`[survey]` sections the domain functions are given."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

from pantau.core.periods import parse_period
from survey.config import SurveyConfig
from survey.questionnaire import ELEMENTS

PERIOD = parse_period("2025-S1")
NO_UNITS = SurveyConfig()  # the section when the config file names no unit
CODES = [e.code for e in ELEMENTS]
HEADERS = ["No", "Tanggal Survei", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan",
           "Jenis Layanan", *CODES, "Saran"]
GOOD = [
    ["1", "2025-02-03", "L", "34", "S1", "PNS", "Informasi", "4", "4", "3", "4", "3", "3", "4",
     "2", "3", "Bagus"],
    ["2", "2025-03-04", "P", "28", "SMA", "Swasta", "Informasi", "3", "3", "3", "4", "3", "4",
     "4", "3", "3", ""],
    ["3", "2025-04-05", "P", "45", "S2", "Wirausaha", "Konsultasi", "3", "2", "2", "4", "3",
     "3", "3", "2", "3", "Antrean lama"],
]


def write_csv(path: Path, headers: list[str], rows: list[list[str]], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


# Two configured units with their populations, as a config file writes them.
TWO_UNITS = """
[[survey.units]]
code = "PPID"
name = "PPID Kementerian"
population = 140

[[survey.units]]
code = "HUMAS"
name = "Biro Humas"
population = 150
"""


def survey_config(toml_text: str) -> SurveyConfig:
    """The `[survey]` section of a TOML text, as the config loader would give it."""
    return SurveyConfig.model_validate(tomllib.loads(toml_text).get("survey", {}))
