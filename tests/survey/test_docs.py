"""The README documents every `[survey]` setting and every `pantau survey` command."""

from __future__ import annotations

from pathlib import Path

from pantau.cli.survey import survey_group
from survey.config import SurveyConfig, UnitConfig

README = Path(__file__).resolve().parents[2] / "README.md"


def _survey_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### Satisfaction survey")
    return text[start:text.index("\n### ", start + 1)]


def test_every_survey_setting_is_documented():
    section = _survey_section()
    assert "[[survey.units]]" in section
    fields = [f for f in SurveyConfig.model_fields if f != "units"]
    for name in [*fields, *UnitConfig.model_fields]:
        assert f"{name} =" in section, f"[survey] {name} missing from README"


def test_every_survey_command_is_documented():
    section = _survey_section()
    for name in survey_group.commands:
        assert f"pantau survey {name}" in section, f"pantau survey {name} missing from README"
