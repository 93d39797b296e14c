"""Config section owned by indicators and reports."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class IndicatorsConfig(BaseModel):
    model_config = ConfigDict(extra="allow")
