"""Stored mentions with the tone of each profile match, as analysts look them up: one filter
(`MentionFilter`) and one row shape (`MentionRow`) behind `pantau mentions list/export`, the
web list (`/media`) and the JSON API (`/api/v1/mentions`).

Rows: one per mention and profile match, newest first. A mention that matched no profile (an
unmatched clipping) still has one row, without profile, match or tone. `tone` is the
effective tone (`sentiment.labels.effective_tone_expr`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, text
from sqlalchemy.orm import aliased
from sqlalchemy.sql.util import find_tables
from sqlmodel import Session, col

from collectors.api import mention_story, mention_text_match, story_copies
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
    # Words in the title or the body, each as a word prefix, in any case (full-text index:
    # `collectors.search`).
    text: str | None = None
    unique_only: bool = False  # only the first stored copy of each story
    # The profiles an organisation unit may see (ids, `pantau.core.units`): only their
    # matches are rows (a mention no profile of theirs matched is not). None: every row.
    within: frozenset[int] | None = None

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


def _conditions(flt: MentionFilter, *, direct_text: bool = False
                ) -> list[ColumnElement[bool]]:
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
    if flt.within is not None:
        where.append(col(Match.profile_id).in_(sorted(flt.within)))
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
        where.append(mention_text_match(flt.text, direct=direct_text))
    if flt.unique_only:
        where.append(or_(col(Mention.duplicate_group).is_(None),
                         col(Mention.duplicate_group) == col(Mention.id)))
    return where


def _match_of_mention(flt: MentionFilter) -> ColumnElement[bool]:
    """The join of a mention to its profile matches. The filter's dates are repeated on the
    match's copy of the publication time (`Match.published_at`, equal to the mention's, so
    nothing is left out): on PostgreSQL a month's list then reads that month's matches, not
    every match (`mention` is partitioned by month, `mention_match` is not)."""
    on = [col(Match.mention_id) == col(Mention.id)]
    if flt.date_from:
        on.append(col(Match.published_at) >= day_bounds(flt.date_from)[0])
    if flt.date_to:
        on.append(col(Match.published_at) < day_bounds(flt.date_to)[1])
    return and_(*on)


def _mention_only(flt: MentionFilter) -> bool:
    """Whether `flt` holds conditions on the mention's own columns only (none on its
    profile matches, profiles or labels), whatever fields the filter gains."""
    joined = {"mention_match", "profile", "sentiment_label"}
    return not any(getattr(table, "name", None) in joined for condition in _conditions(flt)
                   for table in find_tables(condition, check_columns=True))


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
        .outerjoin(Match, _match_of_mention(flt))
        .outerjoin(Profile, col(Profile.id) == col(Match.profile_id))
        .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
        .where(*_conditions(flt))
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PageKey:
    """Where a row stands in the list's order (newest first): a page starts after or ends
    before one, so a deep page costs what the first does (no OFFSET)."""

    published_at: datetime
    mention_id: int
    match_id: int  # 0 for a mention without profile match (its only row)

    @classmethod
    def of(cls, row: MentionRow) -> PageKey:
        return cls(row.published_at, row.mention_id, row.match_id or 0)

    def encode(self) -> str:
        """Microseconds since 1970 (UTC), mention id, match id: safe in a URL as it is."""
        micros = (self.published_at - _EPOCH) // timedelta(microseconds=1)
        return f"{micros}~{self.mention_id}~{self.match_id}"

    @classmethod
    def decode(cls, text: str) -> PageKey:
        """The key of `encode`; InputError for anything else (a link edited by hand)."""
        try:
            micros, mention_id, match_id = (int(part) for part in text.split("~"))
            key = cls(_EPOCH + timedelta(microseconds=micros), mention_id, match_id)
            if not (0 < key.mention_id < MAX_ID and 0 <= key.match_id < MAX_ID):
                raise ValueError(text)
        except (ValueError, OverflowError):
            raise InputError(f"Penanda halaman '{text[:40]}' tidak valid; buka lagi halaman "
                             "pertama daftar.") from None
        return key

    def older(self) -> ColumnElement[bool]:
        """Rows after this one in the list's order. The first term alone lets the database
        start its walk down the publication-time index at this row."""
        at, mention, match = (col(Mention.published_at), col(Mention.id), col(Match.id))
        return and_(at <= self.published_at, or_(
            at < self.published_at, mention < self.mention_id,
            and_(mention == self.mention_id, match < self.match_id)))

    def newer(self) -> ColumnElement[bool]:
        """Rows before this one in the list's order."""
        at, mention, match = (col(Mention.published_at), col(Mention.id), col(Match.id))
        return and_(at >= self.published_at, or_(
            at > self.published_at, mention > self.mention_id,
            and_(mention == self.mention_id, match > self.match_id)))


def _row(row: Any) -> MentionRow:
    return MentionRow(**{**row._mapping, "matched_terms": row.matched_terms or [],
                         "passages": row.passages or []})


def list_mentions(session: Session, flt: MentionFilter, *, limit: int | None = None,
                  offset: int = 0, after: PageKey | None = None,
                  before: PageKey | None = None) -> list[MentionRow]:
    """The rows of `flt`, newest first; only those after the row `after` or (the last
    `limit` of them) before the row `before`, when given."""
    order = [col(Mention.published_at), col(Mention.id), col(Match.id)]
    stmt = select_mentions(flt)
    if after is not None:
        stmt = stmt.where(after.older())
    if before is not None:
        stmt = stmt.where(before.newer()).order_by(*(c.asc() for c in order))
        rows = [_row(r) for r in session.execute(stmt.offset(offset).limit(limit))]
        return rows[::-1]
    if limit is not None and not offset and after is None and _mention_only(flt):
        # Only the mention's own columns are filtered: the newest `limit` mentions are found
        # first (no joins), then only their rows are joined; every mention has a row, so the
        # first `limit` rows are theirs. Else the database joins every matching mention's
        # profile match and label before it sorts (350 ms for a word in 20,000 mentions).
        newest = (select(col(Mention.id)).where(*_conditions(flt))
                  .order_by(col(Mention.published_at).desc(), col(Mention.id).desc())
                  .limit(limit))
        if flt.text:
            newest = _newest_with_words(session, flt, limit)
        # The dates again (the newest are within them anyway): on PostgreSQL they keep the
        # lookup of these ids to the months' partitions (collectors.partitions).
        stmt = (select_mentions(MentionFilter(date_from=flt.date_from, date_to=flt.date_to))
                .where(col(Mention.id).in_(newest)))
    stmt = stmt.order_by(*(c.desc() for c in order)).offset(offset).limit(limit)
    return [_row(r) for r in session.execute(stmt)]


# The newest mentions a word search checks one by one, newest first, before it asks the
# full-text index for every mention holding the words.
RECENT_WINDOW = 1000


def _word_matches(flt: MentionFilter, *columns: Any) -> Select[Any]:
    """The ids (and `columns`) of the mentions with `flt`'s words and own columns, from the
    full-text index. OFFSET 0 fences it: without it the database walks the whole date index
    computing every row's text vector instead (13 s for a rare word)."""
    return (select(col(Mention.id).label("id"), *columns)
            .where(*_conditions(flt, direct_text=True)).offset(0))


def _newest_with_words(session: Session, flt: MentionFilter, limit: int) -> Any:
    """The ids of the newest `limit` mentions of `flt` (words and the mention's own columns).

    On PostgreSQL a frequent word ("ban" in 44% of mentions) is first looked for among the
    newest RECENT_WINDOW mentions, row by row down the date index, stopping at `limit`
    (30 ms): when the window holds `limit` of them they are the newest of all. Otherwise
    (rarer words) the words' mentions come from the full-text index with their dates, then
    the newest are taken: fast for a rare word, but for a frequent one it reads most of the
    table (250 ms at 200,000 mentions)."""
    order = (col(Mention.published_at).desc(), col(Mention.id).desc())
    if session.get_bind().dialect.name == "postgresql":
        bound = (select(col(Mention.published_at)).order_by(*order)
                 .offset(RECENT_WINDOW - 1).limit(1).scalar_subquery())
        recent = list(session.execute(
            select(col(Mention.id)).where(col(Mention.published_at) >= bound,
                                          *_conditions(flt, direct_text=True))
            .order_by(*order).limit(limit)).scalars())
        if len(recent) == limit:
            return recent
    found = _word_matches(flt, col(Mention.published_at).label("published_at")).subquery()
    return (select(found.c.id)
            .order_by(found.c.published_at.desc(), found.c.id.desc()).limit(limit))


def count_mentions(session: Session, flt: MentionFilter, *, at_most: int | None = None) -> int:
    """How many rows `flt` lists: the same joins as `select_mentions`, but only those the
    filter needs and no columns (the page's count costs less than its rows). With
    `at_most`, counting stops past it: `at_most + 1` means "more than `at_most`"."""
    if flt.text and _mention_only(flt):
        # The words' mentions from the full-text index (as in `list_mentions`), each with
        # its number of rows (its profile matches, at least one) looked up by index: no
        # scan of every mention or every match to meet the id set, and with `at_most` the
        # index gives only so many mentions (each has one row or more).
        found = _word_matches(flt)
        if at_most is not None:
            found = found.limit(at_most + 1)
        ids = found.subquery()
        matches = (select(func.count()).where(col(Match.mention_id) == ids.c.id)
                   .correlate(ids).scalar_subquery())
        per_mention = select(matches.label("rows")).select_from(ids).subquery()
        total = session.execute(select(func.coalesce(func.sum(
            case((per_mention.c.rows > 1, per_mention.c.rows), else_=1)), 0))).scalar_one()
        return int(total) if at_most is None else min(int(total), at_most + 1)
    else:
        rows = (select(col(Mention.id)).select_from(Mention)
                .outerjoin(Match, _match_of_mention(flt)))
        if isinstance(flt.profile, str):
            rows = rows.outerjoin(Profile, col(Profile.id) == col(Match.profile_id))
        if flt.tone:
            rows = rows.outerjoin(SentimentLabel,
                                  col(SentimentLabel.match_id) == col(Match.id))
        rows = rows.where(*_conditions(flt))
    if at_most is None:
        counted = rows.with_only_columns(func.count(), maintain_column_froms=True)
    else:
        counted = select(func.count()).select_from(rows.limit(at_most + 1).subquery())
    return int(session.execute(counted).scalar_one())


def paged_mentions(session: Session, flt: MentionFilter, *, page: int = 1,
                   per_page: int = 50, after: PageKey | None = None,
                   before: PageKey | None = None,
                   count_at_most: int | None = None) -> tuple[list[MentionRow], int]:
    """One page of rows and how many rows there are in all (counted up to `count_at_most`,
    see `count_mentions`): the page after the row `after` or before the row `before` (by
    key: deep pages stay fast), else page number `page` (counting from 1, by offset)."""
    if after is not None or before is not None:
        rows = list_mentions(session, flt, limit=per_page, after=after, before=before)
        return rows, count_mentions(session, flt, at_most=count_at_most)
    if page > MAX_PAGE:
        raise InputError(f"Nomor halaman {str(page)[:30]} terlalu besar; paling banyak "
                         f"{MAX_PAGE}.")
    offset = (max(page, 1) - 1) * per_page
    return (list_mentions(session, flt, limit=per_page, offset=offset),
            count_mentions(session, flt, at_most=count_at_most))


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


MAX_SKIP_SCAN = 10_000  # distinct values walked on the index before a plain DISTINCT


def _distinct(session: Session, column: str) -> list[str]:
    """The distinct values of an indexed `mention` column, walked on its index from one
    value to the next (a few index probes per value, where DISTINCT reads every mention:
    150-230 ms at 200,000 mentions on PostgreSQL). Past MAX_SKIP_SCAN values, DISTINCT."""
    walk = text(
        f"WITH RECURSIVE walk(value) AS (SELECT min({column}) FROM mention UNION ALL "
        f"SELECT (SELECT min({column}) FROM mention WHERE {column} > walk.value) "
        f"FROM walk WHERE walk.value IS NOT NULL) "
        f"SELECT value FROM walk WHERE value IS NOT NULL LIMIT {MAX_SKIP_SCAN + 1}")
    values = list(session.execute(walk).scalars())
    if len(values) > MAX_SKIP_SCAN:
        values = list(session.execute(
            select(getattr(Mention, column)).distinct()).scalars())
    return values


def filter_choices(session: Session, *, within: frozenset[int] | None = None) -> FilterChoices:
    """The filter form's values; with `within`, those of the mentions these profiles
    matched (sources are shared: all are offered)."""
    media_q = select(col(Mention.media_type)).distinct()
    outlets_q = select(col(Mention.outlet)).distinct()
    profiles_q = select(col(Profile.id), col(Profile.name)).order_by(col(Profile.name))
    if within is not None:
        seen = select(col(Match.mention_id)).where(col(Match.profile_id).in_(sorted(within)))
        media_q = media_q.where(col(Mention.id).in_(seen))
        outlets_q = outlets_q.where(col(Mention.id).in_(seen))
        profiles_q = profiles_q.where(col(Profile.id).in_(sorted(within)))
    if within is None:
        media: Iterable[str | None] = _distinct(session, "media_type")
        outlets: Iterable[str | None] = _distinct(session, "outlet")
    else:
        media = session.execute(media_q).scalars()
        outlets = session.execute(outlets_q).scalars()
    sources = session.execute(select(col(Source.id), col(Source.name))
                              .order_by(col(Source.name))).all()
    profiles = session.execute(profiles_q).all()
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


def mention_detail(session: Session, mention_id: int, *,
                   within: frozenset[int] | None = None) -> MentionDetail | None:
    """A mention with its profile matches and their tone, the other copies of its story and
    the analysts' corrections; None when there is no such mention. With `within` (an
    organisation unit's profile ids) only those profiles' matches are shown, and a mention
    none of them matched is None, as if it did not exist."""
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
    matches = [MatchDetail(m, p, lbl, effective_tone(lbl)) for m, p, lbl in found
               if within is None or p.id in within]
    if within is not None and not matches:
        return None
    others = select(Mention).where(col(Mention.id) != mention_id)
    if within is not None:
        others = others.where(col(Mention.id).in_(
            select(col(Match.mention_id)).where(col(Match.profile_id).in_(sorted(within)))))
    copy = aliased(Mention, story_copies(others, [mention_story(mention)]).subquery())
    duplicates = list(session.execute(
        select(copy).order_by(col(copy.published_at)).limit(MAX_DUPLICATES_SHOWN)).scalars())
    match_ids = [d.match.id for d in matches]
    corrections = list(session.execute(
        select(LabelCorrection).where(col(LabelCorrection.match_id).in_(match_ids))
        .order_by(col(LabelCorrection.corrected_at).desc())).scalars()) if match_ids else []
    source = session.get(Source, mention.source_id) if mention.source_id else None
    return MentionDetail(mention, source, matches, duplicates, corrections)
