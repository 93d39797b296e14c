"""RSS 2.0 / Atom feeds (feedparser) and Google News search feeds."""

from __future__ import annotations

import base64
import calendar
import html
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import feedparser

from collectors.http import FetchError, HttpResponse
from collectors.query import parse_query
from collectors.sources.base import Connector, FetchOutcome, Item, SourceContext

GOOGLE_NEWS_SEARCH = "https://news.google.com/rss/search"
_TAGS = re.compile(r"<[^>]+>")


def strip_html(text: str | None) -> str:
    if not text:
        return ""
    text = re.sub(r"(?i)<br\s*/?>|</p>", "\n", text)
    return html.unescape(_TAGS.sub(" ", text)).replace("\xa0", " ").strip()


def entry_time(entry: Any) -> datetime | None:
    """feedparser gives UTC struct_time in *_parsed; turn it into an aware datetime."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def parse_feed(resp: HttpResponse, outcome: FetchOutcome, *, name: str) -> Any:
    """Parse a feed, tolerating malformed XML (bozo) and reporting it as a note."""
    headers = {k.lower(): v for k, v in resp.headers.items()}
    parsed = feedparser.parse(resp.content, response_headers=headers)
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        reason = type(exc).__name__ if exc is not None else "tidak diketahui"
        detail = str(exc).splitlines()[0][:160] if exc is not None else ""
        if parsed.entries:
            outcome.notes.append(f"feed tidak sepenuhnya valid ({reason}: {detail}); "
                                 f"{len(parsed.entries)} entri tetap dibaca")
        elif "CharacterEncoding" not in reason:
            raise FetchError(f"{name}: feed rusak dan tidak terbaca ({reason}: {detail})")
    return parsed


def _conditional_get(ctx: SourceContext, url: str, outcome: FetchOutcome) -> HttpResponse:
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                         "*/*;q=0.5"}
    if ctx.etag:
        headers["If-None-Match"] = ctx.etag
    if ctx.last_modified:
        headers["If-Modified-Since"] = ctx.last_modified
    resp = ctx.http.get(url, headers=headers)
    outcome.etag = resp.headers.get("etag") or ctx.etag
    outcome.last_modified = resp.headers.get("last-modified") or ctx.last_modified
    return resp


class RssConnector(Connector):
    """An RSS 2.0 or Atom feed; conditional GET with the stored ETag/Last-Modified."""

    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        if not cfg.url:
            raise FetchError(f"sumber {cfg.name}: 'url' feed belum diisi")
        resp = _conditional_get(ctx, cfg.url, outcome)
        if resp.status == 304:
            outcome.notes.append("feed tidak berubah (HTTP 304)")
            return outcome
        parsed = parse_feed(resp, outcome, name=cfg.name)
        feed_title = strip_html(parsed.feed.get("title")) or None
        for entry in parsed.entries[: cfg.max_items]:
            link = entry.get("link") or entry.get("id")
            if not link:
                continue
            summary = strip_html(entry.get("summary"))
            content = ""
            if entry.get("content"):
                content = strip_html(entry.content[0].get("value"))
            outcome.items.append(Item(
                url=link,
                title=strip_html(entry.get("title")),
                text=content,
                summary=summary or None,
                published_at=entry_time(entry),
                outlet=cfg.outlet,
                author=entry.get("author") or None,
                fetch_article=cfg.effective_fetch_articles,
                extra={"feed_title": feed_title} if feed_title else {},
            ))
        return outcome


def is_google_news_link(url: str | None) -> bool:
    """A news.google.* address (an article link of a Google News feed, or Google's page)."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # e.g. an unclosed IPv6 host
        return False
    return host.startswith("news.google.") or ".news.google." in host


def decode_google_news_link(url: str) -> str | None:
    """The article URL inside a Google News article link, when it is embedded in the base64
    id (the links of 2020 to mid-2024: a protobuf holding the URL); None otherwise.

    The newer ids (since mid-2024; the protobuf holds an opaque ``AU_yqL...`` token, not the
    URL) cannot be decoded offline: Google resolves them only through its own web endpoint
    (`batchexecute`, with a signature taken from the article's Google page), and opening
    the link without a browser gives Google's page, not the article. For those the
    connector keeps the feed's title and summary and the outlet from the feed's
    ``<source url>``, and does not fetch the page."""
    m = re.search(r"/(?:rss/)?articles/([A-Za-z0-9_\-]+)", url)
    if not m or "news.google." not in url:
        return None
    token = m.group(1)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        return None
    found = re.search(rb"https?://[\x21-\x7e]+", raw)
    if not found:
        return None
    candidate = found.group(0).decode("ascii", "ignore")
    # The protobuf may append a length byte and a second (AMP) URL: cut at a non-URL byte.
    return re.split(r"[\x00-\x20\"<>\\^`{|}]", candidate)[0] or None


class GoogleNewsConnector(Connector):
    """Google News search feeds (Indonesian locale): one search per configured `query`,
    or one per profile (its query translated to Google's syntax). The real outlet is
    the item's <source> element."""

    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        base = cfg.url or GOOGLE_NEWS_SEARCH
        if cfg.query:
            queries = [cfg.query]
        else:
            queries = [parse_query(q).to_google() for q in ctx.profile_queries.values()]
        if not queries:
            outcome.skipped = True
            outcome.notes.append("tidak ada kueri: isi 'query' atau tambahkan [[profiles]]")
            return outcome
        for query in queries:
            url = f"{base}?{urlencode({'q': query, 'hl': 'id', 'gl': 'ID', 'ceid': 'ID:id'})}"
            resp = ctx.http.get(url)
            parsed = parse_feed(resp, outcome, name=cfg.name)
            for entry in parsed.entries[: cfg.max_items]:
                link = entry.get("link")
                if not link:
                    continue
                source = entry.get("source") or {}
                outlet = cfg.outlet or source.get("title") or None
                title = strip_html(entry.get("title"))
                if outlet and title.endswith(f" - {outlet}"):
                    title = title[: -len(f" - {outlet}")]
                direct = decode_google_news_link(link)
                undecoded = direct is None and is_google_news_link(link)
                extra = {"google_news_link": link, "outlet_url": source.get("href")}
                if undecoded:
                    extra["full_text"] = False  # Google's page is not the article's
                outcome.items.append(Item(
                    url=direct or link,
                    title=title,
                    summary=strip_html(entry.get("summary")) or None,
                    published_at=entry_time(entry),
                    outlet=outlet,
                    fetch_article=cfg.effective_fetch_articles and not undecoded,
                    extra=extra,
                ))
        return outcome
