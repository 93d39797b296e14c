"""Config section owned by the survey: service units and their services."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class UnitConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    name: str
    services: list[str] = Field(default_factory=list)
    population: int | None = None


class SurveyConfig(BaseModel):
    model_config = ConfigDict(extra="allow")

    units: list[UnitConfig] = Field(default_factory=list)
