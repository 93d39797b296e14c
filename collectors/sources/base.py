"""The one small interface every source implements.

A connector turns one configured source into `Item`s: a feed entry or sitemap URL that
still needs its article page (`fetch_article=True`), or a complete post/comment. It never
touches the database; the service stores what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from collectors.config import CollectConfig, CollectorCredentials, SourceConfig
from collectors.http import HttpClient


@dataclass
class Item:
    url: str | None
    title: str = ""
    text: str = ""
    summary: str | None = None
    published_at: datetime | None = None
    outlet: str | None = None
    author: str | None = None
    key: str | None = None  # identity when there is no URL ("mastodon:<id>")
    fetch_article: bool = False
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class FetchOutcome:
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: bool = False  # e.g. a credential is missing
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class SourceContext:
    http: HttpClient
    collect: CollectConfig
    credentials: CollectorCredentials
    # Profile name -> query text (Google News builds one search per profile).
    profile_queries: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None


class Connector:
    """Base class: `fetch` returns what the source has now."""

    def __init__(self, config: SourceConfig) -> None:
        self.config = config

    def fetch(self, ctx: SourceContext) -> FetchOutcome:  # pragma: no cover - interface
        raise NotImplementedError
