"""Demo wiring for collectors: serve the bundled sample (collectors/sample/site: an RSS
feed, an Atom feed, a news sitemap, a Google News search feed, a Mastodon hashtag
timeline and 28 article pages of four fictional Indonesian outlets about the Kementerian
Sosial; and the Instagram Graph API answers of the institution's account) from a local HTTP
server, so the demo collects through the real collectors.

Usage (e.g. from pantau/demo.py)::

    from collectors.api import collect, import_clippings, sample_sources

    with sample_sources() as sample:
        config = sample.apply(config)                # profiles + sources + [collect]
        results = collect(config=config, progress=echo)
        import_clippings(sample.clippings, config=config)

`sample.apply(config, every_medium=True)` adds the Instagram source, and
`import_sample_broadcast_and_scan` imports a TV transcript and a print scan (rendered here,
read by Tesseract), so the demo shows every medium the indicator counts.
"""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, SecretStr

from collectors.broadcast import import_transcript
from collectors.catalogue.model import default_override_path
from collectors.config import CollectConfig, MonitoringConfig, ProfileConfig, SourceConfig
from collectors.localserver import LocalServer
from collectors.scans import import_scan
from pantau.core.errors import InputError
from pantau.core.files import atomic_output

SAMPLE_DIR = Path(__file__).parent / "sample"
SAMPLE_SITE = SAMPLE_DIR / "site"
SAMPLE_CLIPPINGS = SAMPLE_DIR / "kliping.csv"
SAMPLE_TRANSCRIPT = SAMPLE_DIR / "siaran-tv-nusantara.srt"
SAMPLE_OUTLETS = SAMPLE_DIR / "outlets.csv"
SAMPLE_INSTAGRAM_ACCOUNT = "17841400000000001"
SAMPLE_INSTAGRAM_POST = "17990000000000001"
# The sample print clipping (rendered as an image, then read back by OCR).
SCAN_OUTLET = "Harian Sinar Pagi"
SCAN_PAGE = "5"
SCAN_TITLE = "Kemensos Buka Lumbung Sosial di Tiga Desa Rawan Banjir"
SCAN_BODY = ("DEMAK, SINARPAGI - Kementerian Sosial membuka lumbung sosial di tiga desa rawan "
             "banjir di Kabupaten Demak, Senin (16/11). Setiap lumbung berisi beras, makanan "
             "siap saji, selimut dan perlengkapan bayi untuk seratus keluarga selama sepekan. "
             "Kepala desa setempat menyambut baik langkah itu, tetapi meminta agar pendataan "
             "penerima dilakukan bersama perangkat desa supaya tidak ada warga yang terlewat.")
# The sample TV transcript's airing (WIB).
BROADCAST_CHANNEL, BROADCAST_PROGRAMME = "TV Nusantara", "Nusantara Pagi"
BROADCAST_AIRED = datetime(2026, 11, 16, 6, 30)
# The whole config (`pantau.config.PantauConfig`): the sample replaces three of its sections.
Config = TypeVar("Config", bound=BaseModel)
SAMPLE_QUERY = ('("Kementerian Sosial" OR Kemensos OR Mensos OR "Menteri Sosial") '
                'NOT "Dinas Sosial Kota"')


# The sample's sources, by name. After the demo their rows stay in the database (with their
# health and items), but they point at the demo's local server, gone once the demo ends:
# `collectors.api.source_statuses` marks them "contoh demo" unless the config names them.
SAMPLE_RSS, SAMPLE_ATOM = "Warta Nusantara (RSS)", "Kabar Ibu Kota (Atom)"
SAMPLE_SITEMAP = "Harian Sinar Pagi (sitemap)"
SAMPLE_GOOGLE_NEWS = "Google News: Kementerian Sosial"
SAMPLE_MASTODON, SAMPLE_INSTAGRAM = "Mastodon #kemensos", "Instagram @kemensosri"
SAMPLE_SOURCE_NAMES = frozenset({SAMPLE_RSS, SAMPLE_ATOM, SAMPLE_SITEMAP, SAMPLE_GOOGLE_NEWS,
                                 SAMPLE_MASTODON, SAMPLE_INSTAGRAM})


@dataclass
class SampleSetup:
    base_url: str
    profiles: list[ProfileConfig]
    sources: list[SourceConfig]
    collect: CollectConfig
    clippings: Path
    server: LocalServer
    # Sources of the newer platforms (Instagram), added by `apply(every_medium=True)`.
    more_sources: list[SourceConfig] = field(default_factory=list)

    def apply(self, config: Config, *, every_medium: bool = False) -> Config:
        """`config` with the sample's profiles, sources and collection settings (with
        `every_medium`, the Instagram account too)."""
        sources = self.sources + (self.more_sources if every_medium else [])
        return config.model_copy(update={
            "profiles": self.profiles, "sources": sources, "collect": self.collect})

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
    # The Instagram Graph API of the institution's account: its post, the post it is tagged
    # in, and the comment on its post (the documented JSON shapes).
    for path, name in ((f"{SAMPLE_INSTAGRAM_ACCOUNT}/media", "media"),
                       (f"{SAMPLE_INSTAGRAM_ACCOUNT}/tags", "tags"),
                       (f"{SAMPLE_INSTAGRAM_POST}/comments", "comments")):
        server.serve_file(f"/instagram/{path}", f"instagram/{name}.json", "application/json")
    with server:
        base = server.base
        profiles = [ProfileConfig(name="kemensos", query=SAMPLE_QUERY,
                                  institution="Kementerian Sosial")]
        sources = [
            SourceConfig(name=SAMPLE_RSS, kind="rss", url=f"{base}/warta/rss.xml"),
            SourceConfig(name=SAMPLE_ATOM, kind="rss",
                         url=f"{base}/kabar/atom.xml"),
            SourceConfig(name=SAMPLE_SITEMAP, kind="sitemap",
                         url=f"{base}/sinar/sitemap-news.xml"),
            SourceConfig(name=SAMPLE_GOOGLE_NEWS, kind="google_news",
                         url=f"{base}/gnews/rss/search", query='"Kementerian Sosial"'),
            SourceConfig(name=SAMPLE_MASTODON, kind="mastodon", url=f"{base}/mastodon",
                         hashtag="kemensos", outlet="Mastodon"),
        ]
        collect = CollectConfig(download_delay=0.0, concurrent_per_domain=8, retries=0,
                                timeout=10.0)
        instagram = SourceConfig(name=SAMPLE_INSTAGRAM, kind="instagram",
                                 url=f"{base}/instagram", account_id=SAMPLE_INSTAGRAM_ACCOUNT,
                                 access_token=SecretStr("token-demo"), outlet="Instagram")
        yield SampleSetup(base, profiles, sources, collect, SAMPLE_CLIPPINGS, server,
                          [instagram])


def render_sample_scan(path: Path) -> Path:
    """Render the sample print clipping as a 300 dpi PNG at `path` (the same bytes every
    time, so importing it again stores nothing twice)."""
    # deferred: matplotlib is slow to import and only the demo renders a clipping
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.6, 2.8), dpi=300, facecolor="white")
    serif: dict[str, Any] = {"family": "DejaVu Serif", "va": "top"}
    fig.text(0.05, 0.93, f"{SCAN_OUTLET.upper()}  |  Senin, 16 November 2026  |  Halaman "
             f"{SCAN_PAGE}", size=7, **serif)
    y = 0.83
    for line in textwrap.wrap(SCAN_TITLE, 40):
        fig.text(0.05, y, line, weight="bold", size=13, **serif)
        y -= 0.1
    y -= 0.02
    for line in textwrap.wrap(SCAN_BODY, 62):
        fig.text(0.05, y, line, size=8.5, **serif)
        y -= 0.066
    fig.savefig(path, dpi=300, metadata={"Software": None})
    return path


def import_sample_broadcast_and_scan(config: MonitoringConfig, *, profile: str, day: date,
                                     echo: Callable[[str], None]) -> None:
    """Import the sample's TV transcript and its print clipping (rendered, then read by
    Tesseract; without Tesseract the clipping is left out with a note saying what to
    install)."""
    broadcast = import_transcript(SAMPLE_TRANSCRIPT, config=config, profile=profile,
                                  channel=BROADCAST_CHANNEL, programme=BROADCAST_PROGRAMME,
                                  aired_at=BROADCAST_AIRED, media_type="televisi")
    if broadcast.duplicate:
        echo(f"  transkrip siaran {broadcast.file}: sudah ada.")
    else:
        echo(f"  transkrip siaran {broadcast.file}: {broadcast.cues} potongan teks, "
             f"{broadcast.passages} bagian menyebut profil.")
    if shutil.which("tesseract") is None:
        echo("  kliping pindaian dilewati: Tesseract belum terpasang (apt-get install "
             "tesseract-ocr-ind).")
        return
    with tempfile.TemporaryDirectory(prefix="pantau-demo-") as tmp:
        image = render_sample_scan(Path(tmp) / "sinar-pagi-2026-11-16-hal5.png")
        try:
            scan = import_scan(image, config=config, outlet=SCAN_OUTLET, day=day,
                               title=SCAN_TITLE, page=SCAN_PAGE, profile=profile)
        except InputError as exc:  # e.g. Tesseract without its Indonesian model
            echo(f"  kliping pindaian dilewati: {exc}")
            return
    if scan.new:
        echo(f"  kliping pindaian {scan.file}: dibaca dengan OCR, cocok dengan "
             f"{scan.matched_profiles} profil.")
    else:
        echo(f"  kliping pindaian {scan.file}: sudah ada.")


def install_sample_outlets() -> Path | None:
    """The sample's fictional outlets (name, medium, scope, province) written as the office's
    catalogue corrections (``PANTAU_HOME/outlets.csv``) when there are none yet, so the demo's
    coverage by outlet scope shows scopes, not "di luar katalog". An existing file is never
    touched. Returns the file written, or None."""
    path = default_override_path()
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as tmp:
        tmp.write_bytes(SAMPLE_OUTLETS.read_bytes())
    return path
