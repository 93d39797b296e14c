"""What every import of media monitored by people shares (typed clippings, print scans,
broadcast transcripts): the configured profiles synced and chosen, the source row the imported
mentions belong to, and a stored mention being its own story group."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from collectors.config import MonitoringConfig, match_scope
from collectors.models import Mention, MentionKey, Profile, Source
from collectors.service import sync_config
from pantau.core.errors import InputError, NotFoundError


def import_scope(session: Session, *, config: MonitoringConfig, source_name: str, kind: str,
                 media_type: str, profile: str | None) -> tuple[Source, list[Profile]]:
    """The source row named `source_name` (created on first use) and the profiles an import
    matches against: every one that may match the source's stories (all of them, unless the
    source is configured as a unit's own: `collectors.config.MatchScope`), or only `profile`
    (which must exist and be one of those)."""
    sync_config(session, config)
    profiles = list(session.exec(select(Profile)).scalars())  # type: ignore[call-overload]
    if profile is not None and profile not in {p.name for p in profiles}:
        raise NotFoundError(f"Profil '{profile}' tidak ada di konfigurasi.")
    source = session.exec(  # type: ignore[call-overload]
        select(Source).where(col(Source.name) == source_name)).scalars().first()
    if source is None:
        source = Source(name=source_name, kind=kind, media_type=media_type)
        session.add(source)
        session.flush()
    scope = match_scope(profiles=config.profiles, sources=config.sources)
    if profile is not None and not scope.may_match(source=source_name, profile=profile):
        raise InputError(f"Profil '{profile}' milik unit {scope.profile_unit(profile)}, "
                         f"sedangkan sumber '{source_name}' milik unit "
                         f"{scope.source_unit(source_name)}: pemberitaannya hanya untuk "
                         "profil unit itu.")
    return source, [p for p in scope.allowed(source_name, profiles)
                    if profile is None or p.name == profile]


def is_stored(session: Session, key: str) -> bool:
    """Whether a mention with this unique key is stored already."""
    return session.execute(
        select(col(MentionKey.id)).where(col(MentionKey.url_key) == key)).first() is not None


def add_own_story(session: Session, mention: Mention) -> int:
    """Store `mention` as a story of its own (its duplicate group is itself); its id."""
    session.add(mention)
    session.flush()
    assert mention.id is not None
    mention.duplicate_group = mention.id
    return mention.id
