"""The survey part of `pantau demo`: import the bundled sample of responses and write the
survey reports (every unit, and each sample unit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from pantau.core.db import session_scope
from pantau.core.files import atomic_output
from pantau.core.periods import parse_period
from survey.config import SurveyConfig
from survey.importer import import_file
from survey.models import Service, ServiceUnit
from survey.report import write_survey_report
from survey.results import score_unit
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


# The reports' data at the time they were written (respondents and IKM per scope): the
# reports are written again only when it changed or a file is missing.
STAMP = ".data-laporan"
FORMATS = ["xlsx", "html", "pdf", "docx"]


def sample_units_toml() -> str:
    """The sample's units as `[[survey.units]]` entries of a config file (the public form
    opens for configured units)."""
    lines: list[str] = []
    for code, name, services, population in SAMPLE_UNITS:
        quoted = ", ".join(f'"{service}"' for service in services)
        lines += ["[[survey.units]]", f'code = "{code}"', f'name = "{name}"',
                  f"services = [{quoted}]", f"population = {population}", ""]
    return "\n".join(lines)


def run_survey_demo(out_dir: Path, echo: Callable[[str], None] = print, *,
                    survey: SurveyConfig, institution: str) -> list[Path]:
    """Import the sample (idempotent) into the configured database and write the reports
    (again only when the period's responses changed)."""
    period = parse_period(SAMPLE_PERIOD)
    with session_scope() as session:
        _ensure_sample_units(session, survey)
    for unit, name in SAMPLE_FILES:
        result = import_file(SAMPLE_DIR / name, survey=survey, unit=unit, period=period)
        if result.already_imported:
            echo(f"  {name}: sudah diimpor sebelumnya ({result.previous}); tidak ada yang baru.")
        else:
            echo(f"  {result.summary()}")
    out = Path(out_dir) / "survei"
    scopes = (None, *(code for code, _name in SAMPLE_FILES))
    stamp_file = out / STAMP
    with session_scope() as session:
        scores = [score_unit(session, survey=survey, unit=scope, period=period)
                  for scope in scopes]
        stamp = " ".join(f"{scope or '*'}={score.respondents}/{score.ikm}"
                         for scope, score in zip(scopes, scores, strict=True))
        kept = _reports_still_current(stamp_file, stamp)
        if kept:
            echo(f"  Laporan SKM periode {period.label} di {out} masih sesuai data; "
                 "tidak ditulis ulang.")
            return kept
        written: list[Path] = []
        for number, scope in enumerate(scopes, start=1):
            files = write_survey_report(session, survey=survey, institution=institution,
                                        unit=scope, period=period, formats=FORMATS,
                                        out_dir=out)
            echo(f"  [{number}/{len(scopes)}] laporan SKM {scope or 'semua unit'}: "
                 f"{', '.join(f.name for f in files)}")
            written += files
    with atomic_output(stamp_file) as tmp:
        tmp.write_text("\n".join([stamp, *(f.name for f in written)]) + "\n", encoding="utf-8")
    return written


def _reports_still_current(stamp_file: Path, stamp: str) -> list[Path]:
    """The reports named in `stamp_file` when they were written from the same data and all
    still exist; else an empty list."""
    if not stamp_file.is_file():
        return []
    first, *names = stamp_file.read_text(encoding="utf-8").splitlines()
    files = [stamp_file.parent / name for name in names]
    if first != stamp or not files or not all(f.is_file() for f in files):
        return []
    return files
