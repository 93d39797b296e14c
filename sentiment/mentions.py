"""Stored mentions with the tone of each profile match, as analysts look them up: one filter
(`MentionFilter`) and one row shape (`MentionRow`) behind `pantau mentions list/export`, the
web list (`/media`) and the JSON API (`/api/v1/mentions`).

Rows: one per mention and profile match, newest first. A mention that matched no profile (an
unmatched clipping) still has one row, without profile, match or tone. `tone` is the
effective tone (`sentiment.labels.effective_tone_expr`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlmodel import Session, col

from collectors.config import MEDIA_TYPES
from collectors.models import Match, Mention, Profile, Source
from pantau.core.errors import InputError
from pantau.core.periods import day_bounds
from sentiment.labels import LABELS, UNLABELLED, effective_tone, effective_tone_expr
from sentiment.models import LabelCorrection, SentimentLabel


@dataclass(frozen=True)
class MentionFilter:
    """Which rows to list: every field that is set must hold."""

    date_from: date | None = None  # published on or after this day (WIB)
    date_to: date | None = None  # published on or before this day (WIB)
    profile: int | str | None = None  # the profile's id or name
    source: int | str | None = None  # the source's id or name (`pantau sources`)
    outlet: str | None = None  # part of the outlet's name, in any case
    media_type: str | None = None
    tone: str | None = None  # positif | netral | negatif | belum (a match without label)
    text: str | None = None  # words in the title or the body, in any case
    unique_only: bool = False  # only the first stored copy of each story

    def __post_init__(self) -> None:
        if self.tone and self.tone not in (*LABELS, UNLABELLED):
            raise InputError(f"Sentimen '{self.tone}' tidak dikenal: pilih positif, netral, "
                             f"negatif atau {UNLABELLED}.")
        if self.media_type and self.media_type not in MEDIA_TYPES:
            raise InputError(f"Jenis media '{self.media_type}' tidak dikenal: pilih "
                             f"{', '.join(MEDIA_TYPES)}.")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise InputError("Tanggal akhir sebelum tanggal awal.")


@dataclass(frozen=True)
class MentionRow:
    mention_id: int
    match_id: int | None
    title: str
    url: str | None
    outlet: str | None
    media_type: str
    published_at: datetime
    collected_at: datetime
    author: str | None
    language: str | None
    duplicate_group: int | None
    profile: str | None
    tone: str | None
    model_label: str | None
    human_label: str | None
    human_by: str | None
    matched_terms: list[str]
    passages: list[str]


def _contains(column: Any, words: str) -> ColumnElement[bool]:
    """`column` contains `words` in any case, LIKE's wildcards taken literally."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return col(column).ilike(f"%{escaped}%", escape="\\")


def _conditions(flt: MentionFilter) -> list[ColumnElement[bool]]:
    tone = effective_tone_expr()
    where: list[ColumnElement[bool]] = []
    if flt.date_from:
        where.append(col(Mention.published_at) >= day_bounds(flt.date_from)[0])
    if flt.date_to:
        where.append(col(Mention.published_at) < day_bounds(flt.date_to)[1])
    if isinstance(flt.profile, int):
        where.append(col(Match.profile_id) == flt.profile)
    elif flt.profile:
        where.append(col(Profile.name) == flt.profile)
    if isinstance(flt.source, int):
        where.append(col(Mention.source_id) == flt.source)
    elif flt.source:
        where.append(col(Mention.source_id).in_(
            select(col(Source.id)).where(col(Source.name) == flt.source)))
    if flt.outlet:
        where.append(_contains(Mention.outlet, flt.outlet))
    if flt.media_type:
        where.append(col(Mention.media_type) == flt.media_type)
    if flt.tone == UNLABELLED:
        where += [col(Match.id).is_not(None), tone.is_(None)]
    elif flt.tone:
        where.append(tone == flt.tone)
    if flt.text:
        where.append(or_(_contains(Mention.title, flt.text), _contains(Mention.text, flt.text)))
    if flt.unique_only:
        where.append(or_(col(Mention.duplicate_group).is_(None),
                         col(Mention.duplicate_group) == col(Mention.id)))
    return where


# The columns of a row, named as `MentionRow`'s fields.
_COLUMNS: list[Any] = [
    col(Mention.id).label("mention_id"), col(Match.id).label("match_id"), col(Mention.title),
    col(Mention.url), col(Mention.outlet), col(Mention.media_type), col(Mention.published_at),
    col(Mention.collected_at), col(Mention.author), col(Mention.language),
    col(Mention.duplicate_group), col(Profile.name).label("profile"),
    effective_tone_expr().label("tone"), col(SentimentLabel.model_label),
    col(SentimentLabel.human_label), col(SentimentLabel.human_by), col(Match.matched_terms),
    col(Match.passages),
]


def select_mentions(flt: MentionFilter) -> Select[Any]:
    """The rows of `flt` as a SELECT whose columns are `MentionRow`'s fields, unordered."""
    return (
        select(*_COLUMNS)
        .select_from(Mention)
        .outerjoin(Match, col(Match.mention_id) == col(Mention.id))
        .outerjoin(Profile, col(Profile.id) == col(Match.profile_id))
        .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
        .where(*_conditions(flt))
    )


def list_mentions(session: Session, flt: MentionFilter, *, limit: int | None = None,
                  offset: int = 0) -> list[MentionRow]:
    """The rows of `flt`, newest first."""
    stmt = (select_mentions(flt)
            .order_by(col(Mention.published_at).desc(), col(Mention.id).desc(),
                      col(Match.id).desc())
            .offset(offset).limit(limit))
    return [MentionRow(**{**row._mapping, "matched_terms": row.matched_terms or [],
                          "passages": row.passages or []})
            for row in session.execute(stmt)]


def count_mentions(session: Session, flt: MentionFilter) -> int:
    return int(session.execute(
        select(func.count()).select_from(select_mentions(flt).subquery())).scalar_one())


def paged_mentions(session: Session, flt: MentionFilter, *, page: int = 1,
                 per_page: int = 50) -> tuple[list[MentionRow], int]:
    """One page of rows (pages count from 1) and how many rows there are in all."""
    if page > MAX_PAGE:
        raise InputError(f"Nomor halaman {str(page)[:30]} terlalu besar; paling banyak "
                         f"{MAX_PAGE}.")
    offset = (max(page, 1) - 1) * per_page
    return (list_mentions(session, flt, limit=per_page, offset=offset),
            count_mentions(session, flt))


@dataclass(frozen=True)
class FilterChoices:
    """The values a filter form offers."""

    media_types: list[str]
    outlets: list[str]
    sources: list[tuple[int, str]]
    profiles: list[tuple[int, str]]


MAX_OUTLET_CHOICES = 1000
MAX_PAGE = 1_000_000  # far past any real list; larger numbers overflow the database's offset
MAX_ID = 2**63  # the databases' integer range


def filter_choices(session: Session) -> FilterChoices:
    media = session.execute(select(col(Mention.media_type)).distinct()).scalars()
    outlets = session.execute(select(col(Mention.outlet)).distinct()).scalars()
    sources = session.execute(select(col(Source.id), col(Source.name))
                              .order_by(col(Source.name))).all()
    profiles = session.execute(select(col(Profile.id), col(Profile.name))
                               .order_by(col(Profile.name))).all()
    return FilterChoices(
        media_types=sorted(m for m in media if m),
        outlets=sorted(o for o in outlets if o)[:MAX_OUTLET_CHOICES],
        sources=[(int(i), str(n)) for i, n in sources],
        profiles=[(int(i), str(n)) for i, n in profiles],
    )


class MatchDetail(NamedTuple):
    match: Match
    profile: Profile
    label: SentimentLabel | None
    tone: str | None


@dataclass
class MentionDetail:
    mention: Mention
    source: Source | None
    matches: list[MatchDetail]
    duplicates: list[Mention]
    corrections: list[LabelCorrection] = field(default_factory=list)


MAX_DUPLICATES_SHOWN = 200


def mention_detail(session: Session, mention_id: int) -> MentionDetail | None:
    """A mention with its profile matches and their tone, the other copies of its story and
    the analysts' corrections; None when there is no such mention."""
    if not 0 < mention_id < MAX_ID:
        return None  # no row has it (and SQLite cannot even compare it)
    mention = session.get(Mention, mention_id)
    if mention is None:
        return None
    found = session.execute(
        select(Match, Profile, SentimentLabel)
        .join(Profile, col(Profile.id) == col(Match.profile_id))
        .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
        .where(col(Match.mention_id) == mention_id).order_by(col(Profile.name))).all()
    matches = [MatchDetail(m, p, lbl, effective_tone(lbl)) for m, p, lbl in found]
    group = mention.duplicate_group or mention.id
    duplicates = list(session.execute(
        select(Mention)
        .where(or_(col(Mention.duplicate_group) == group, col(Mention.id) == group))
        .where(col(Mention.id) != mention_id).order_by(col(Mention.published_at))
        .limit(MAX_DUPLICATES_SHOWN)).scalars())
    match_ids = [d.match.id for d in matches]
    corrections = list(session.execute(
        select(LabelCorrection).where(col(LabelCorrection.match_id).in_(match_ids))
        .order_by(col(LabelCorrection.corrected_at).desc())).scalars()) if match_ids else []
    source = session.get(Source, mention.source_id) if mention.source_id else None
    return MentionDetail(mention, source, matches, duplicates, corrections)
