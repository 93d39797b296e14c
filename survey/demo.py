"""The survey part of `pantau demo`: import the bundled sample of responses and write the
survey reports (every unit, and each sample unit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from pantau.core.db import session_scope
from pantau.core.periods import parse_period
from survey.config import SurveyConfig
from survey.importer import import_file
from survey.models import Service, ServiceUnit
from survey.report import write_survey_report
from survey.synthetic import SAMPLE_PERIOD, SAMPLE_UNITS
from survey.units import find_unit

SAMPLE_DIR = Path(__file__).parent / "sample"
SAMPLE_FILES = (("PPID", "ppid-formulir-2026-s1.csv"), ("HUMAS", "humas-rekap-2026-s1.csv"))


def _ensure_sample_units(session: Session, survey: SurveyConfig) -> None:
    """The sample's units, unless the configuration already defines them."""
    for code, name, services, population in SAMPLE_UNITS:
        unit = find_unit(session, code, survey=survey)
        if unit is None:
            unit = ServiceUnit(code=code, name=name, population=population)
            session.add(unit)
            session.flush()
            assert unit.id is not None
            for service in services:
                session.add(Service(unit_id=unit.id, name=service))
    session.flush()


def run_survey_demo(out_dir: Path, echo: Callable[[str], None] = print, *,
                    survey: SurveyConfig, institution: str) -> list[Path]:
    """Import the sample (idempotent) into the configured database and write the reports."""
    period = parse_period(SAMPLE_PERIOD)
    with session_scope() as session:
        _ensure_sample_units(session, survey)
    for unit, name in SAMPLE_FILES:
        result = import_file(SAMPLE_DIR / name, survey=survey, unit=unit, period=period)
        echo(f"Survei: {result.summary()}")
    written: list[Path] = []
    out = Path(out_dir) / "survei"
    with session_scope() as session:
        for scope in (None, *(code for code, _name in SAMPLE_FILES)):
            written += write_survey_report(session, survey=survey, institution=institution,
                                           unit=scope, period=period,
                                           formats=["xlsx", "html", "pdf", "docx"], out_dir=out)
    echo(f"Survei: laporan SKM periode {period.label} ditulis ke {out}")
    return written
