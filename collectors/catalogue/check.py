"""Live check of the catalogue's URLs (``pantau sources check``): is the homepage up, does
the feed answer with RSS/Atom, does the sitemap answer with a sitemap?

The catalogue is written without network access, so its feeds and sitemaps are the ones
its authors were confident of, not tested ones; this check is how an office with a network
finds the dead ones and corrects them in ``PANTAU_HOME/outlets.csv``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from collectors.catalogue.model import Outlet
from collectors.config import CollectConfig

if TYPE_CHECKING:
    from collectors.http import HttpClient

# feedparser, lxml and httpx are imported where used: loading the catalogue (every report
# that names outlets) should not pay for the HTTP stack.

UrlField = Literal["homepage", "feed_url", "sitemap_url"]
FIELD_LABELS: dict[str, str] = {"homepage": "beranda", "feed_url": "feed",
                                "sitemap_url": "sitemap"}


@dataclass(frozen=True)
class UrlCheck:
    outlet_id: str
    outlet: str
    field: UrlField
    url: str
    ok: bool
    status: int | None  # HTTP status of the last response; None when none came
    detail: str  # Indonesian: "OK (RSS, 20 artikel)", "HTTP 404", "bukan feed RSS/Atom", ...
    final_url: str | None = None  # after redirects

    def as_dict(self) -> dict[str, object]:
        return {"outlet_id": self.outlet_id, "outlet": self.outlet, "field": self.field,
                "url": self.url, "ok": self.ok, "status": self.status, "detail": self.detail,
                "final_url": self.final_url}


def check_targets(outlets: Iterable[Outlet], *, homepages: bool = True
                  ) -> list[tuple[Outlet, UrlField, str]]:
    """The URLs `check_outlets` probes: each outlet's feed and sitemap, and its homepage
    unless `homepages` is false."""
    targets: list[tuple[Outlet, UrlField, str]] = []
    for outlet in outlets:
        if homepages:
            targets.append((outlet, "homepage", outlet.homepage))
        if outlet.feed_url:
            targets.append((outlet, "feed_url", outlet.feed_url))
        if outlet.sitemap_url:
            targets.append((outlet, "sitemap_url", outlet.sitemap_url))
    return targets


def _judge(field: UrlField, content: bytes) -> tuple[bool, str]:
    import feedparser
    from lxml import etree

    if field == "homepage":
        return True, "OK"
    if field == "feed_url":
        parsed = feedparser.parse(content)
        if not parsed.get("version") and not parsed.entries:
            return False, "bukan feed RSS/Atom"
        kind = "Atom" if str(parsed.get("version", "")).startswith("atom") else "RSS"
        return True, f"OK ({kind}, {len(parsed.entries)} artikel)"
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None or not isinstance(root.tag, str):
        return False, "bukan sitemap XML"
    if root.tag.endswith("sitemapindex"):
        return True, "OK (indeks sitemap)"
    if root.tag.endswith("urlset"):
        return True, f"OK (sitemap, {len(root)} URL)"
    return False, "bukan sitemap XML"


def check_url(client: HttpClient, outlet: Outlet, field: UrlField, url: str) -> UrlCheck:
    """Probe one URL with `client` (redirects followed)."""
    from collectors.http import FetchError

    try:
        resp = client.get(url, ok_statuses=tuple(range(200, 600)))
    except FetchError as exc:
        detail = str(exc).removeprefix(f"{url}: ")
        return UrlCheck(outlet.id, outlet.name, field, url, False, None, detail)
    final = resp.url if resp.url != url else None
    if resp.status >= 400:
        return UrlCheck(outlet.id, outlet.name, field, url, False, resp.status,
                        f"HTTP {resp.status}", final)
    ok, detail = _judge(field, resp.content)
    return UrlCheck(outlet.id, outlet.name, field, url, ok, resp.status, detail, final)


def check_outlets(
    outlets: Iterable[Outlet],
    *,
    collect: CollectConfig | None = None,
    homepages: bool = True,
    workers: int = 8,
    progress: Callable[[UrlCheck], None] | None = None,
) -> list[UrlCheck]:
    """Probe every URL of `outlets` (`check_targets`) in parallel and return one result
    per URL, in target order. `collect` gives the user agent, timeout and size limit
    (default: the collectors' defaults, without retries)."""
    from collectors.http import HttpClient

    cfg = collect or CollectConfig(retries=0)
    targets = check_targets(outlets, homepages=homepages)
    with HttpClient(cfg) as client, ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        def run(target: tuple[Outlet, UrlField, str]) -> UrlCheck:
            result = check_url(client, *target)
            if progress is not None:
                progress(result)
            return result

        return list(pool.map(run, targets))
