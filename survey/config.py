"""Config section owned by the survey (`[survey]`): service units, their services and
population, and the scoring method."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MethodCode = Literal["14/2017", "25/2004"]


class UnitConfig(BaseModel):
    """One `[[survey.units]]` entry: a service unit (unit layanan)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=50)
    name: str = Field(min_length=1, max_length=200)
    # The services (jenis layanan) the unit offers; answers naming another service are
    # rejected. Empty: any service named in a file is accepted and recorded.
    services: list[str] = Field(default_factory=list)
    # Service users in the survey period; gives the Krejcie-Morgan minimum sample.
    population: int | None = Field(default=None, ge=1)
    # The SKM method of the unit's questionnaire; empty: the `[survey]` method.
    method: MethodCode | None = None
    # The organisation unit (`[[units]]` code) that owns this service unit; empty: the
    # deployment's default unit.
    unit: str | None = None


class SurveyConfig(BaseModel):
    model_config = ConfigDict(extra="allow")

    units: list[UnitConfig] = Field(default_factory=list)
    # The method of units that name none, and of the score over every unit.
    method: MethodCode = "14/2017"
    # Reproduce the spreadsheet practice: weight 0.111 and weighted NRRs rounded to three
    # decimals before summing (the `0,111-r3` variant, named in every output). Off: the
    # regulation's exact 1/9. Other variants: `pantau survey score --weights`.
    spreadsheet_weights: bool = False
    # How many of the weakest elements reports list as improvement priorities.
    priorities: int = Field(default=3, ge=1, le=9)
