"""Service units as the pages address them: the `{code}` in a public path resolved to a unit
open for the questionnaire (the rule is survey's: `survey.api.find_public_unit`), and the
address printed under its QR code."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from pantau.web.deps import ConfigDep, web_state
from survey.api import find_public_unit
from survey.config import UnitConfig


def public_unit(code: str, config: ConfigDep) -> UnitConfig:
    """Dependency: the public unit named by the `{code}` in the path (404 when unknown)."""
    return find_public_unit(config.survey, code)


PublicUnitDep = Annotated[UnitConfig, Depends(public_unit)]


def unit_link(request: Request, unit: UnitConfig) -> str:
    """The questionnaire's address as printed under the QR code."""
    base = web_state(request).web.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}/survei/{unit.code}"
