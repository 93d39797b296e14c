"""News sitemaps (Google News sitemap schema) for outlets without feeds; sitemap
indexes are followed one level down."""

from __future__ import annotations

from lxml import etree

from collectors.http import FetchError
from collectors.sources.base import Connector, FetchOutcome, Item, SourceContext
from pantau.core.dates import parse_iso
from pantau.core.timeutil import JAKARTA

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def _text(node: etree._Element, path: str) -> str | None:
    found = node.find(path, NS)
    return found.text.strip() if found is not None and found.text else None


class SitemapConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        if not cfg.url:
            raise FetchError(f"sumber {cfg.name}: 'url' sitemap belum diisi")
        pending: list[str] = [cfg.url]
        seen: set[str] = set()
        while pending and len(outcome.items) < cfg.max_items:
            url = pending.pop(0)
            if url in seen or len(seen) > 20:
                continue
            seen.add(url)
            resp = ctx.http.get(url)
            parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
            root = etree.fromstring(resp.content, parser)
            if root is None:
                raise FetchError(f"{url}: sitemap rusak dan tidak terbaca")
            if root.tag.endswith("sitemapindex"):
                pending.extend(loc for s in root.findall("sm:sitemap", NS)
                               if (loc := _text(s, "sm:loc")))
                continue
            for node in root.findall("sm:url", NS):
                loc = _text(node, "sm:loc")
                if not loc:
                    continue
                # The protocol wants a zone on every time. One left out is the outlet's own
                # clock, read as WIB: the page's naive time is read so too (collectors.store),
                # and a story must not change its time with the door it came in by.
                published = parse_iso(
                    _text(node, "news:news/news:publication_date") or _text(node, "sm:lastmod"),
                    default_tz=JAKARTA)
                outcome.items.append(Item(
                    url=loc,
                    title=_text(node, "news:news/news:title") or "",
                    published_at=published,
                    outlet=cfg.outlet or _text(node, "news:news/news:publication/news:name"),
                    language=_text(node, "news:news/news:publication/news:language"),
                    fetch_article=True,
                ))
                if len(outcome.items) >= cfg.max_items:
                    break
        return outcome
