"""Service units as the pages offer them: the units open for the public questionnaire (the
`[[survey.units]]` config entries themselves) and every unit the database knows (imports
create units too)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session, col, select

from pantau.core.errors import NotFoundError
from pantau.web.deps import ConfigDep, web_state
from survey.config import SurveyConfig, UnitConfig
from survey.models import ServiceUnit


def find_public_unit(survey: SurveyConfig, code: str) -> UnitConfig:
    for unit in survey.units:
        if unit.code.lower() == code.lower():
            return unit
    raise NotFoundError(f"Unit layanan '{code}' tidak ditemukan atau tidak membuka survei.")


def public_unit(code: str, config: ConfigDep) -> UnitConfig:
    """Dependency: the public unit named by the `{code}` in the path (404 when unknown)."""
    return find_public_unit(config.survey, code)


PublicUnitDep = Annotated[UnitConfig, Depends(public_unit)]


def unit_link(request: Request, unit: UnitConfig) -> str:
    """The questionnaire's address as printed under the QR code."""
    base = web_state(request).web.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}/survei/{unit.code}"


def unit_choices(s: Session, survey: SurveyConfig) -> list[tuple[str, str]]:
    """(code, name) of every unit: configured ones and those created by imports."""
    units = {u.code.lower(): (u.code, u.name) for u in survey.units}
    for code, name in s.exec(select(ServiceUnit.code, ServiceUnit.name)
                             .order_by(col(ServiceUnit.code))).all():
        units.setdefault(code.lower(), (code, name))
    return sorted(units.values())
