"""Sources of mentions, each behind the small `Connector` interface."""

from __future__ import annotations

from collectors.sources.base import Connector, FetchOutcome, Item, SourceContext


def connector_for(kind: str) -> type[Connector]:
    from collectors.sources.feeds import GoogleNewsConnector, RssConnector
    from collectors.sources.meta import FacebookConnector, InstagramConnector, ThreadsConnector
    from collectors.sources.sitemap import SitemapConnector
    from collectors.sources.social import (
        MastodonConnector,
        RedditConnector,
        XConnector,
        YouTubeConnector,
    )
    from collectors.sources.tiktok import TikTokConnector

    kinds: dict[str, type[Connector]] = {
        "rss": RssConnector,
        "google_news": GoogleNewsConnector,
        "sitemap": SitemapConnector,
        "mastodon": MastodonConnector,
        "reddit": RedditConnector,
        "youtube": YouTubeConnector,
        "x": XConnector,
        "instagram": InstagramConnector,
        "facebook": FacebookConnector,
        "threads": ThreadsConnector,
        "tiktok": TikTokConnector,
    }
    return kinds[kind]


__all__ = ["Connector", "FetchOutcome", "Item", "SourceContext", "connector_for"]
