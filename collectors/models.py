"""Tables owned by the collectors: profiles, sources, mentions and their profile matches.

A `Mention` is one stored copy of a story (one URL, one clipping, one post). A `Match`
links a mention to a monitoring profile whose query it satisfies, with the matched terms
and the passages (sentences) that mention the institution; it is the unit that sentiment
labels and indicators count.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Text,
    UniqueConstraint,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper
from sqlmodel import Field, SQLModel

from pantau.core.db import BigId, UTCDateTime
from pantau.core.timeutil import utcnow


class Profile(SQLModel, table=True):
    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=100)
    query: str = Field(sa_column=Column(Text, nullable=False))
    institution: str | None = Field(default=None, max_length=300)
    # A peer institution's profile: left out of "every profile" counts.
    comparison: bool = False


class Source(SQLModel, table=True):
    __tablename__ = "source"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=200)
    kind: str = Field(max_length=30)
    url: str | None = Field(default=None, sa_column=Column(Text))
    media_type: str = Field(default="online", max_length=30)
    enabled: bool = True
    # Conditional GET state (RSS/Atom).
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=200)
    # Health.
    last_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_success_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    consecutive_failures: int = 0
    items_total: int = 0


class MentionKey(SQLModel, table=True):
    """The identity of every stored copy: its unique key, and the id its `Mention` row, its
    matches and its follow-up carry. A small table of its own (never partitioned), so that
    `url_key` stays unique, and every foreign key has a target, when `mention` is
    partitioned by month on PostgreSQL (`collectors.partitions`). A mention is deleted by
    deleting its key: the mention, its matches, their labels and its follow-up go with it
    (`collectors.api.delete_mentions`)."""

    __tablename__ = "mention_key"

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    # The canonical URL, or "clip:<hash>" / "<platform>:<id>".
    url_key: str = Field(sa_column=Column(Text, nullable=False, unique=True))


class Mention(SQLModel, table=True):
    __tablename__ = "mention"

    # The key's id (`MentionKey`; written first, in the same transaction). On PostgreSQL the
    # primary key is (id, published_at): the table is partitioned by month.
    id: int | None = Field(default=None, primary_key=True, foreign_key="mention_key.id",
                           ondelete="CASCADE", sa_type=BigId)
    # A copy of the key (`MentionKey.url_key` is the unique one that lookups use).
    url_key: str = Field(sa_column=Column(Text, nullable=False))
    url: str | None = Field(default=None, sa_column=Column(Text))
    title: str = Field(default="", sa_column=Column(Text, nullable=False))
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    summary: str | None = Field(default=None, sa_column=Column(Text))
    outlet: str | None = Field(default=None, index=True, max_length=300)
    media_type: str = Field(default="online", index=True, max_length=30)
    language: str | None = Field(default=None, max_length=10)
    author: str | None = Field(default=None, max_length=300)
    published_at: datetime = Field(sa_type=UTCDateTime, index=True)
    collected_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    content_hash: str = Field(index=True, max_length=64)
    simhash: int | None = Field(default=None, sa_column=Column(BigInteger))
    # id of the first stored copy of the same story (itself when it is the first).
    duplicate_group: int | None = Field(default=None, index=True, sa_type=BigId)
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


_KEY = MentionKey.__table__  # type: ignore[attr-defined]


@event.listens_for(Mention, "before_insert")
def _write_key_first(_mapper: Mapper[Mention], connection: Connection, mention: Mention) -> None:
    """A `Mention` added through the ORM gets its key row, and so its id, in the same
    transaction (the store, and every bulk insert, write the key themselves)."""
    if mention.id is None:
        mention.id = connection.execute(
            insert(_KEY).values(url_key=mention.url_key).returning(_KEY.c.id)).scalar_one()


class Match(SQLModel, table=True):
    __tablename__ = "mention_match"
    # The dashboard, reports and indicators count one profile's matches of a period:
    # (profile_id, published_at) lets the database start from that profile's matches of the
    # period alone, and (published_at, mention_id) from every profile's (the mention list's
    # count, from the index alone), instead of reading every match
    # (benchmarks/bench_pg_queries.py). A mention's matches are found by the unique
    # (mention_id, profile_id), a unit's by (profile_id, mention_id): no single-column index
    # on either, each would be a prefix of one of these.
    __table_args__ = (UniqueConstraint("mention_id", "profile_id"),
                      Index("ix_mention_match_profile_mention", "profile_id", "mention_id"),
                      Index("ix_mention_match_profile_published", "profile_id",
                            "published_at"),
                      Index("ix_mention_match_published_mention", "published_at",
                            "mention_id"))

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    mention_id: int = Field(foreign_key="mention_key.id", ondelete="CASCADE", sa_type=BigId)
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")
    # A copy of the mention's `published_at`, always equal to it: a period's counts filter
    # it too, so they read the period's matches only (`mention` is partitioned by month,
    # `mention_match` is not). Written with the match: by the store and the re-matching
    # (bulk inserts write it themselves), and through the ORM by `_copy_published_at`
    # below when not given; a change of the mention's time through the ORM is copied to its
    # matches by `_published_at_to_matches`. A Core UPDATE of `mention.published_at`
    # must update `mention_match.published_at` of the same `mention_id` in the same
    # transaction (none does today).
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=False)
    matched_terms: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    passages: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    matched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


_MENTION = Mention.__table__  # type: ignore[attr-defined]
_MATCH = Match.__table__  # type: ignore[attr-defined]


@event.listens_for(Match, "before_insert")
def _copy_published_at(_mapper: Mapper[Match], connection: Connection, match: Match) -> None:
    """A `Match` added through the ORM without its mention's time gets it from the stored
    mention (flushed before: the match needs its id). The imports give it themselves."""
    if match.published_at is not None:
        return
    match.published_at = connection.execute(
        select(_MENTION.c.published_at).where(_MENTION.c.id == match.mention_id)).scalar()


@event.listens_for(Mention, "before_update")
def _published_at_to_matches(_mapper: Mapper[Mention], connection: Connection,
                             mention: Mention) -> None:
    """A mention's new publication time (an analyst's fix, a test) goes to its matches in
    the same flush."""
    if inspect(mention).attrs.published_at.history.has_changes():
        connection.execute(update(_MATCH).where(_MATCH.c.mention_id == mention.id)
                           .values(published_at=mention.published_at))


class SeenLink(SQLModel, table=True):
    """Links already looked at that were not stored (no profile matched, another language),
    so a re-run does not fetch their pages again."""

    __tablename__ = "seen_link"

    # One row per link looked at and not stored: at national scale (hundreds of thousands a
    # day) a 32-bit id would run out within a decade, so BIGINT like the mention tables.
    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    url_key: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True,
                                  ondelete="SET NULL")
    reason: str = Field(default="", max_length=30)
    seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
