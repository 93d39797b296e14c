"""Config sections owned by the collectors: monitoring profiles and sources."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

SourceKind = Literal["rss", "google_news", "sitemap", "mastodon", "reddit", "youtube", "x"]
MediaType = Literal["online", "cetak", "televisi", "radio", "media sosial"]


class ProfileConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    query: str
    institution: str | None = None


class SourceConfig(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    kind: SourceKind
    url: str | None = None
    media_type: MediaType = "online"
    enabled: bool = True


class CollectConfig(BaseModel):
    model_config = ConfigDict(extra="allow")
