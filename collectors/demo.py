"""Demo wiring for collectors: serve the bundled sample (collectors/sample/site: an RSS
feed, an Atom feed, a news sitemap, a Google News search feed, a Mastodon hashtag
timeline and 28 article pages of four fictional Indonesian outlets about the Kementerian
Sosial) from a local HTTP server, so the demo collects through the real collectors.

Usage (e.g. from pantau/demo.py)::

    from collectors.api import collect, import_clippings, sample_sources

    with sample_sources() as sample:
        config = sample.apply(config)                # profiles + sources + [collect]
        results = collect(config=config, progress=echo)
        import_clippings(sample.clippings, config=config)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from collectors.config import CollectConfig, ProfileConfig, SourceConfig
from collectors.localserver import LocalServer

SAMPLE_DIR = Path(__file__).parent / "sample"
SAMPLE_SITE = SAMPLE_DIR / "site"
SAMPLE_CLIPPINGS = SAMPLE_DIR / "kliping.csv"
# The whole config (`pantau.config.PantauConfig`): the sample replaces three of its sections.
Config = TypeVar("Config", bound=BaseModel)
SAMPLE_QUERY = ('("Kementerian Sosial" OR Kemensos OR Mensos OR "Menteri Sosial") '
                'NOT "Dinas Sosial Kota"')


@dataclass
class SampleSetup:
    base_url: str
    profiles: list[ProfileConfig]
    sources: list[SourceConfig]
    collect: CollectConfig
    clippings: Path
    server: LocalServer

    def apply(self, config: Config) -> Config:
        """`config` with the sample's profiles, sources and collection settings."""
        return config.model_copy(update={
            "profiles": self.profiles, "sources": self.sources, "collect": self.collect})

    def toml(self) -> str:
        """The same setup as TOML text (for a config file)."""
        lines = []
        for p in self.profiles:
            lines += ["[[profiles]]", f'name = "{p.name}"', f"query = '{p.query}'", ""]
        for s in self.sources:
            lines += ["[[sources]]", f'name = "{s.name}"', f'kind = "{s.kind}"',
                      f'url = "{s.url}"']
            if s.hashtag:
                lines.append(f'hashtag = "{s.hashtag}"')
            if s.query:
                lines.append(f"query = '{s.query}'")
            lines.append("")
        lines += ["[collect]", "download_delay = 0.0", "concurrent_per_domain = 8",
                  "retries = 0", "timeout = 10.0"]
        return "\n".join(lines) + "\n"


@contextmanager
def sample_sources() -> Iterator[SampleSetup]:
    """Start the sample server; yield the profiles and sources that point at it."""
    server = LocalServer(SAMPLE_SITE)
    server.serve_file("/gnews/rss/search", "google-news.xml", "application/xml; charset=utf-8")
    server.serve_file("/mastodon/api/v1/timelines/tag/kemensos",
                      "mastodon/api/v1/timelines/tag/kemensos.json", "application/json")
    with server:
        base = server.base
        profiles = [ProfileConfig(name="kemensos", query=SAMPLE_QUERY,
                                  institution="Kementerian Sosial")]
        sources = [
            SourceConfig(name="Warta Nusantara (RSS)", kind="rss", url=f"{base}/warta/rss.xml"),
            SourceConfig(name="Kabar Ibu Kota (Atom)", kind="rss",
                         url=f"{base}/kabar/atom.xml"),
            SourceConfig(name="Harian Sinar Pagi (sitemap)", kind="sitemap",
                         url=f"{base}/sinar/sitemap-news.xml"),
            SourceConfig(name="Google News: Kementerian Sosial", kind="google_news",
                         url=f"{base}/gnews/rss/search", query='"Kementerian Sosial"'),
            SourceConfig(name="Mastodon #kemensos", kind="mastodon", url=f"{base}/mastodon",
                         hashtag="kemensos", outlet="Mastodon"),
        ]
        collect = CollectConfig(download_delay=0.0, concurrent_per_domain=8, retries=0,
                                timeout=10.0)
        yield SampleSetup(base, profiles, sources, collect, SAMPLE_CLIPPINGS, server)
