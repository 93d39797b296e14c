"""Config section owned by sentiment: which classifier labels mentions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SentimentConfig(BaseModel):
    model_config = ConfigDict(extra="allow")
