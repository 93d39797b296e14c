"""What other packages may call in collectors (the CLI, the scheduler's steps, the demo,
sentiment). Everything else in the package is internal.

Functions that read the configuration take it as `config`: any object with the sections of
`collectors.config.MonitoringConfig` (`pantau.config.PantauConfig` has them).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from collectors.broadcast import TranscriptImportResult, import_transcript
from collectors.catalogue import (
    Catalogue,
    Outlet,
    check_outlets,
    load_catalogue,
    plan_sources,
    sources_toml,
)
from collectors.clippings import ClippingImportResult, import_clippings
from collectors.config import MEDIA_TYPES, MonitoringConfig, ProfileConfig
from collectors.demo import (
    SampleSetup,
    import_sample_broadcast_and_scan,
    install_sample_outlets,
    sample_sources,
)
from collectors.models import Source
from collectors.query import parse_query
from collectors.scans import ScanImportResult, import_scan, read_scan
from collectors.search import DOWNGRADE as FULLTEXT_DOWNGRADE
from collectors.search import UPGRADE as FULLTEXT_UPGRADE
from collectors.search import mention_text_match, search_words
from collectors.service import SourceResult, collect, prepare_collection, sync_config
from collectors.speech import AUDIO_TYPES, is_audio, read_audio, transcribe
from collectors.store import regroup_duplicates
from pantau.core.errors import NotFoundError

__all__ = [
    "AUDIO_TYPES",
    "FULLTEXT_DOWNGRADE",
    "FULLTEXT_UPGRADE",
    "mention_text_match",
    "search_words",
    "MEDIA_TYPES",
    "Catalogue",
    "Outlet",
    "check_outlets",
    "load_catalogue",
    "prepare_collection",
    "plan_sources",
    "profile_config",
    "query_terms",
    "sources_toml",
    "ClippingImportResult",
    "MonitoringConfig",
    "SampleSetup",
    "ScanImportResult",
    "SourceResult",
    "TranscriptImportResult",
    "collect",
    "import_clippings",
    "import_scan",
    "import_sample_broadcast_and_scan",
    "import_transcript",
    "install_sample_outlets",
    "is_audio",
    "read_audio",
    "transcribe",
    "read_scan",
    "regroup_duplicates",
    "sample_sources",
    "source_health",
    "sync_config",
]


def source_health(session: Session, *, config: MonitoringConfig) -> list[Source]:
    """Every source, configured ones synced first, by name: last success, last error,
    consecutive failures, items stored."""
    sync_config(session, config)
    return list(session.exec(select(Source).order_by(col(Source.name))).all())


def profile_config(config: MonitoringConfig, name: str) -> ProfileConfig:
    """The configured profile called `name`; NotFoundError naming the ones that exist."""
    for profile in config.profiles:
        if profile.name == name:
            return profile
    names = ", ".join(p.name for p in config.profiles) or "(belum ada)"
    raise NotFoundError(f"Profil '{name}' tidak ada di konfigurasi. Profil yang ada: {names}")


def query_terms(query: str) -> list[str]:
    """The terms a monitoring query searches for (not those it excludes), as written."""
    return list(dict.fromkeys(leaf.text for leaf in parse_query(query).leaves))
