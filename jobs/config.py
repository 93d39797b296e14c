"""Config sections owned by jobs: schedules and alert rules."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ScheduleConfig(BaseModel):
    model_config = ConfigDict(extra="allow")


class AlertsConfig(BaseModel):
    model_config = ConfigDict(extra="allow")
