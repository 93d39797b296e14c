"""Config section owned by the web app."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class WebConfig(BaseModel):
    model_config = ConfigDict(extra="allow")
