"""From catalogue outlets to collector sources (`collectors.config.SourceConfig`).

An outlet with a ``feed_url`` becomes an ``rss`` source (RSS and Atom alike); one with only
a ``sitemap_url`` a ``sitemap`` source; one with neither none (it is listed so the office
can look for a feed, or follow it through Google News). The source is named after the
outlet and carries the outlet's canonical name, so every mention it collects is reported
under one spelling. Its media type is ``online`` whatever the outlet's own medium: what is
collected is the outlet's web edition (a newspaper's page or a TV station's news site).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from collectors.catalogue.model import Outlet
from collectors.config import SourceConfig
from collectors.urls import url_key


def source_config(outlet: Outlet) -> SourceConfig | None:
    """The source that collects `outlet`, or None when it has neither feed nor sitemap."""
    if outlet.feed_url:
        kind, url = "rss", outlet.feed_url
    elif outlet.sitemap_url:
        kind, url = "sitemap", outlet.sitemap_url
    else:
        return None
    return SourceConfig(name=outlet.name, kind=kind, url=url,  # type: ignore[arg-type]
                        media_type="online", outlet=outlet.name)


@dataclass
class SourcePlan:
    """What adding a selection of outlets would do."""

    sources: list[SourceConfig] = field(default_factory=list)  # to add
    without_source: list[Outlet] = field(default_factory=list)  # no feed, no sitemap
    already_configured: list[Outlet] = field(default_factory=list)  # same name or URL


def plan_sources(outlets: Iterable[Outlet], existing: Sequence[SourceConfig] = ()) -> SourcePlan:
    """The sources to add for `outlets`, skipping those `existing` already has (same
    source name, case-insensitive, or same feed/sitemap URL)."""
    names = {s.name.casefold() for s in existing}
    urls = {url_key(s.url) for s in existing if s.url}
    plan = SourcePlan()
    for outlet in outlets:
        cfg = source_config(outlet)
        if cfg is None:
            plan.without_source.append(outlet)
            continue
        key = url_key(cfg.url or "")
        if cfg.name.casefold() in names or key in urls:
            plan.already_configured.append(outlet)
            continue
        names.add(cfg.name.casefold())
        urls.add(key)
        plan.sources.append(cfg)
    return plan


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes; \uXXXX for controls),
    # except that TOML also wants DEL escaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")


def sources_toml(sources: Iterable[SourceConfig], *, comment: str | None = None) -> str:
    """``[[sources]]`` tables for `sources`, to append to the TOML configuration file."""
    blocks: list[str] = []
    if comment:
        blocks.append("\n".join(f"# {line}" if line else "#" for line in comment.splitlines()))
    for cfg in sources:
        lines = ["[[sources]]", f"name = {_toml_string(cfg.name)}",
                 f"kind = {_toml_string(cfg.kind)}"]
        if cfg.url:
            lines.append(f"url = {_toml_string(cfg.url)}")
        if cfg.media_type:
            lines.append(f"media_type = {_toml_string(cfg.media_type)}")
        if cfg.outlet:
            lines.append(f"outlet = {_toml_string(cfg.outlet)}")
        if not cfg.enabled:
            lines.append("enabled = false")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
