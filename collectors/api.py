"""What other packages may call in collectors (the CLI, the scheduler's steps, the demo,
sentiment). Everything else in the package is internal.

Functions that read the configuration take it as `config`: any object with the sections of
`collectors.config.MonitoringConfig` (`pantau.config.PantauConfig` has them).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_
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
from collectors.config import (
    IMPORT_KINDS,
    MEDIA_TYPES,
    SOCIAL_MEDIA,
    MatchScope,
    MonitoringConfig,
    ProfileConfig,
    SourceConfig,
    collected_sources,
    match_scope,
    source_kind_label,
)
from collectors.demo import (
    SAMPLE_SOURCE_NAMES,
    SampleSetup,
    import_sample_broadcast_and_scan,
    install_sample_outlets,
    sample_sources,
)
from collectors.models import Match, Mention, Profile, Source
from collectors.partitions import MONTHS_AHEAD, PARTITION_UPGRADE, ensure_month_partitions
from collectors.query import parse_query
from collectors.scans import ScanImportResult, import_scan, read_scan
from collectors.search import DOWNGRADE as FULLTEXT_DOWNGRADE
from collectors.search import UPGRADE as FULLTEXT_UPGRADE
from collectors.search import mention_text_match, search_words
from collectors.service import (
    NO_ACTIVE_SOURCE,
    SourceResult,
    collect,
    prepare_collection,
    sync_config,
)
from collectors.speech import AUDIO_TYPES, is_audio, read_audio, transcribe
from collectors.store import delete_mentions, regroup_duplicates
from collectors.stories import mention_story, story_copies, story_key
from pantau.core.errors import NotFoundError

__all__ = [
    "AUDIO_TYPES",
    "FULLTEXT_DOWNGRADE",
    "FULLTEXT_UPGRADE",
    "MONTHS_AHEAD",
    "PARTITION_UPGRADE",
    "delete_mentions",
    "ensure_month_partitions",
    "mention_text_match",
    "search_words",
    "MEDIA_TYPES",
    "SOCIAL_MEDIA",
    "NO_ACTIVE_SOURCE",
    "MatchScope",
    "match_scope",
    "Catalogue",
    "Outlet",
    "check_outlets",
    "collected_sources",
    "known_name",
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
    "mention_story",
    "read_audio",
    "transcribe",
    "read_scan",
    "regroup_duplicates",
    "sample_sources",
    "source_kind_label",
    "source_statuses",
    "SourceStatus",
    "story_copies",
    "story_key",
    "sync_config",
    "unit_profile_ids",
    "unit_source_ids",
]


# What `pantau sources` and the admin page say in their "aktif" column.
ACTIVE = "ya"
SWITCHED_OFF = "tidak: dinonaktifkan"
DEMO_SAMPLE = "tidak: contoh demo"
IMPORTED = "impor manual"
NOT_CONFIGURED = "tidak: tidak di konfigurasi"


@dataclass(frozen=True)
class SourceStatus:
    """A stored source with the word people read for whether a collection fetches it
    (`state`; `collected`: exactly the `collected_sources` of the config)."""

    source: Source
    state: str

    @property
    def collected(self) -> bool:
        return self.state == ACTIVE

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def kind_label(self) -> str:
        return source_kind_label(self.source.kind)

    @property
    def demo(self) -> bool:
        """A source of `pantau demo`'s sample, left in the database after the demo."""
        return self.state == DEMO_SAMPLE


def source_statuses(session: Session, *, config: MonitoringConfig) -> list[SourceStatus]:
    """Every source, configured ones synced first, by name, each with its health (last
    success, last error, consecutive failures, items stored) and whether the collection
    fetches it. Active is what `collected_sources` says, never the stored row's own flag: a
    row stays after its `[[sources]]` entry is removed, and the demo's sample sources stay
    after the demo (pointing at its local server, gone once it ended)."""
    sync_config(session, config)
    configured = {s.name for s in config.sources}
    collected = {s.name for s in collected_sources(config.sources)}
    found = []
    for row in session.exec(select(Source).order_by(col(Source.name))).all():
        if row.name in collected:
            state = ACTIVE
        elif row.name in configured:
            state = SWITCHED_OFF
        elif row.kind in IMPORT_KINDS:
            state = IMPORTED
        elif row.name in SAMPLE_SOURCE_NAMES:
            state = DEMO_SAMPLE
        else:
            state = NOT_CONFIGURED
        found.append(SourceStatus(row, state))
    return found


def known_name(session: Session, *, kind: str, name: str | None,
               configured: Sequence[ProfileConfig] | Sequence[SourceConfig]) -> None:
    """Refuse a profile or source name (`kind`: "profile" or "source") that is neither
    stored nor configured, naming the ones that are (a filter by an unknown name would
    otherwise find nothing and say only that)."""
    if name is None:
        return
    table = Profile if kind == "profile" else Source
    names = {str(n) for n in session.exec(select(table.name)).all()}
    names |= {c.name for c in configured}
    if name in names:
        return
    what = "Profil" if kind == "profile" else "Sumber"
    listed = ", ".join(sorted(names)) or "(belum ada)"
    raise NotFoundError(f"{what} '{name}' tidak dikenal. {what} yang ada: {listed}")


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


def unit_profile_ids(session: Session, *, profiles: Sequence[ProfileConfig],
                     units: Collection[str]) -> frozenset[int]:
    """The stored profiles (ids) that the organisation units `units` own: a profile is the
    unit's that its `[[profiles]]` entry names, else the default unit's (so is a stored
    profile no longer configured). A mention reaches a unit through these profiles' matches."""
    scope = match_scope(profiles=profiles, sources=())
    return frozenset(
        int(pid) for pid, name in session.exec(select(Profile.id, Profile.name)).all()
        if pid is not None and scope.profile_unit(name) in units)


def unit_source_ids(session: Session, *, sources: Sequence[SourceConfig],
                    units: Collection[str], profiles: Collection[int],
                    among: Collection[int]) -> frozenset[int]:
    """Which of the stored sources `among` (ids) the organisation units `units` use: their
    own (`[[sources]]` naming one of them as `unit`), and the shared ones (configured
    without a unit, or no longer configured) whose stories their profiles (`profiles`,
    ids) matched, since a mention reaches a unit through its profiles' matches. Another
    unit's own source is never theirs, whatever their profiles matched. One statement; it
    looks for a matched story of each source in `among`, so keep `among` small (the failing
    sources, say)."""
    owners = dict(match_scope(profiles=(), sources=sources).source_units)
    own = sorted(name for name, unit in owners.items() if unit in units)
    matched = (select(col(Mention.id))
               .join(Match, col(Match.mention_id) == col(Mention.id))
               .where(col(Mention.source_id) == col(Source.id),
                      col(Match.profile_id).in_(sorted(profiles)))
               .exists())
    query = select(col(Source.id)).where(
        col(Source.id).in_(sorted(among)),
        or_(col(Source.name).in_(own), and_(col(Source.name).not_in(sorted(owners)), matched)))
    return frozenset(int(i) for i in session.exec(query).all() if i is not None)
