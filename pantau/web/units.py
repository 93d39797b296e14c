"""Service units as the pages address them: the `{code}` in a public path resolved to a unit
open for the questionnaire (the rule is survey's: `survey.api.find_public_unit`), and the
address printed under its QR code."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from pantau.config import PantauConfig
from pantau.core.errors import InputError, NotFoundError
from pantau.web.deps import ConfigDep, Principal, web_state
from survey import api as survey_api
from survey.api import find_public_unit
from survey.config import UnitConfig


async def public_unit(code: str, config: ConfigDep) -> UnitConfig:
    """Dependency: the public unit named by the `{code}` in the path (404 when unknown)."""
    return find_public_unit(config.survey, code)


PublicUnitDep = Annotated[UnitConfig, Depends(public_unit)]


def unit_link(request: Request, unit: UnitConfig) -> str:
    """The questionnaire's address as printed under the QR code."""
    base = web_state(request).web.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}/survei/{unit.code}"


def survey_unit_in_scope(s: Session, user: Principal, config: PantauConfig,
                         unit: str | None) -> str | None:
    """The service unit a survey page or API call asks for, checked against the user's
    organisation units (404 for another unit's); with none asked, "every unit" for a user
    who may see every unit, else their only service unit (several: they must choose)."""
    if unit:
        user.access.check_survey_unit(s, unit)
        return unit
    if not user.access.restricted:
        return None
    mine = user.access.survey_choices(survey_api.unit_choices(s, survey=config.survey))
    if len(mine) == 1:
        return mine[0][0]
    if not mine:
        raise NotFoundError("Unit Anda belum memiliki unit layanan survei.")
    raise InputError("Pilih unit layanan: " + ", ".join(code for code, _ in mine) + ".")
