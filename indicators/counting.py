"""What the media figures count: the matches of a profile in a period, one row each under
the counting basis, with their effective tone. One definition, used by the indicator
(SQL aggregation) and by the media report (its breakdowns).

- Effective tone of a match: the analyst's `human_label` when set, else `model_label`
  (both in `sentiment_label`); a match with neither is *unlabelled*: it is left out of
  the negative-sentiment denominator and reported separately.
- `all_copies`: every stored copy that matched the profile counts (a reprint in ten
  outlets is ten mentions).
- `unique_stories`: one row per story, i.e. per `mention.duplicate_group` (a mention
  without a group is its own story: `collectors.api.story_key`). The story's
  representative copy is the earliest (lowest id) copy an analyst labelled, else the
  earliest copy with a model label, else the earliest copy; its tone, outlet, media type
  and date stand for the story. Only copies published in the period (and of the media
  type asked) take part.
- A period covers whole Jakarta days: `published_at` within `Period.utc_bounds()`.
- "Every profile" means every profile of the institution: the profiles of peer
  institutions (`comparison`, the share of voice) are left out; they are counted only
  when asked for by name.
- Several profiles in scope (no profile given: "semua profil"): an article matched by
  two profiles is still one mention (`all_copies`) or one story (`unique_stories`); it is
  counted once. Each profile's match has its own label, so the tone that counts for the
  article is chosen in this order: a label an analyst set (human_label) before a model
  label; among equals, the most negative (negatif, then netral, then positif); then the
  earliest match. The most negative is chosen because the indicator it feeds is a
  negative share that must not be understated; an analyst's reading wins over the model
  as everywhere else. One profile in scope: one match per article, nothing to choose.

Tone counts and the negative share have one definition, here (`ToneCounts`), used by the
indicator, the media report, the dashboard, the JSON API and the alerts:
- negative share = negative / labelled x 100 (unlabelled matches left out), rounded to two
  decimals (`formulas.share`);
- when nothing is labelled the share is None ("no data"), never 0: an empty day is not a
  day without negative news.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from collectors.api import story_key
from collectors.models import Match, Mention, Profile
from indicators.config import IndicatorsConfig
from indicators.formulas import share
from pantau.core.periods import Period
from sentiment.api import LABELS, effective_tone_expr
from sentiment.models import SentimentLabel

M = Mention.__table__  # type: ignore[attr-defined]
X = Match.__table__  # type: ignore[attr-defined]
L = SentimentLabel.__table__  # type: ignore[attr-defined]
P = Profile.__table__  # type: ignore[attr-defined]

# The tones a match can have, in the order reports show them (sentiment's label names).
TONES = LABELS


def effective_tone() -> ColumnElement[str | None]:
    """The tone that counts for a match (sentiment's one definition: the analyst's label
    when set, else the model's; None: not labelled yet)."""
    return effective_tone_expr()


@dataclass
class ToneCounts:
    """Matches per effective tone; `tanpa_label` counts the ones not labelled yet."""

    positif: int = 0
    netral: int = 0
    negatif: int = 0
    tanpa_label: int = 0

    @classmethod
    def from_labels(cls, counts: Mapping[str | None, int]) -> ToneCounts:
        tones = cls()
        for label, n in counts.items():
            tones.add(label, n)
        return tones

    def add(self, label: str | None, n: int = 1) -> None:
        if label is not None and label in TONES:
            setattr(self, label, getattr(self, label) + n)
        else:
            self.tanpa_label += n

    @property
    def labelled(self) -> int:
        return self.positif + self.netral + self.negatif

    @property
    def total(self) -> int:
        return self.labelled + self.tanpa_label

    @property
    def negative_share(self) -> float | None:
        """Percent of the labelled matches that are negative; None when none is labelled."""
        return share(self.negatif, self.labelled)

    def inputs(self) -> dict[str, int]:
        """The counts as an indicator value records them."""
        return {"negatif": self.negatif, "netral": self.netral, "positif": self.positif,
                "tanpa_label": self.tanpa_label, "total_berlabel": self.labelled}


@dataclass(frozen=True)
class Scope:
    """Which matches: a profile (None = every profile), an optional media type, a period."""

    period: Period
    profile: str | None = None
    media_type: str | None = None
    basis: str = "all_copies"
    # The profiles an organisation unit may see (ids; `pantau.core.units`): with no
    # `profile`, "every profile" means every one of these. None: every profile.
    within: frozenset[int] | None = None


# On SQLite, a period longer than this is counted by walking the matches in id order
# (sequential pages) instead of the published_at index (one random page per match).
SEQUENTIAL_SCAN_DAYS = 62


def _no_index(column: Any) -> ColumnElement[Any]:
    """SQLite's unary `+`: the same value, but the planner will not use its index."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def sequential(session: Session, scope: Scope) -> bool:
    bind = session.get_bind()
    return bind.dialect.name == "sqlite" and scope.period.days > SEQUENTIAL_SCAN_DAYS


def profile_id(session: Session, name: str) -> int | None:
    return session.execute(select(P.c.id).where(P.c.name == name)).scalar()


def _matches(scope: Scope, profile_id: int | None, *, extra: bool,
             sequential: bool) -> tuple[Select[Any], list[Any], Any, Any]:
    """Every match of the scope, one row per copy: (select, its columns, label, media)."""
    lo, hi = scope.period.utc_bounds()
    label = effective_tone()
    published = _no_index(M.c.published_at) if sequential else M.c.published_at
    # The match's copy of the time (`Match.published_at`, equal to the mention's): the
    # period's matches are found by (profile_id, published_at), so on PostgreSQL the join
    # reads that month's matches and the month's `mention` partition, not every match.
    matched = _no_index(X.c.published_at) if sequential else X.c.published_at
    # Nor a profile's index on SQLite over a long period: it walks the year's matches in
    # index order, one random page each (twice the CPU of the walk in id order).
    profile = _no_index(X.c.profile_id) if sequential else X.c.profile_id
    media = _no_index(M.c.media_type) if sequential else M.c.media_type
    cols = [M.c.id.label("mention_id"), label.label("label"), published.label("published_at"),
            media.label("media_type"), M.c.outlet]
    if extra:
        cols += [X.c.id.label("match_id"), M.c.title, M.c.url,
                 story_key().label("story")]
    where = [published >= lo, published < hi, matched >= lo, matched < hi]
    if profile_id is not None:
        where.append(profile == profile_id)
    else:
        # Every profile of the institution: a peer's (comparison) profile never counts. An
        # IN (not a NOT IN) lets the database read each profile's matches of the period.
        where.append(profile.in_(select(P.c.id).where(P.c.comparison.is_(False))))
    if scope.within is not None:
        where.append(profile.in_(sorted(scope.within)))
    if scope.media_type:
        where.append(media == scope.media_type)
    base = (select(*cols)
            .select_from(X.join(M, M.c.id == X.c.mention_id)
                         .outerjoin(L, L.c.match_id == X.c.id))
            .where(and_(*where)))
    return base, cols, label, media


def _severity(label: Any) -> Any:
    """0 for negatif, 1 netral, 2 positif, 3 unlabelled: the order in which the tone of an
    article matched by several profiles is chosen (module docstring)."""
    return case((label == literal("negatif"), 0), (label == literal("netral"), 1),
                (label == literal("positif"), 2), else_=3)


def _story_rank(label: Any, *, by_media: Any = None) -> Any:
    """1 for the copy that represents its story (see the module docstring); `by_media`
    forms the stories within each media type."""
    group = story_key()
    # Severity and X.c.id last: across profiles a copy matched by two profiles is still
    # one story, with the tone the module docstring defines.
    return func.row_number().over(
        partition_by=[group] if by_media is None else [group, by_media],
        order_by=[case((L.c.human_label.is_(None), 1), else_=0),
                  case((label.is_(None), 1), else_=0), M.c.id, _severity(label), X.c.id])


def _mention_rank(label: Any) -> Any:
    """1 for the match that stands for its article when several profiles are in scope
    (`all_copies`): analyst label first, then the most negative, then the earliest."""
    return func.row_number().over(
        partition_by=[M.c.id],
        order_by=[case((L.c.human_label.is_(None), 1), else_=0), _severity(label), X.c.id])


def counted_rows(scope: Scope, profile_id: int | None, *, extra: bool = False,
                 sequential: bool = False) -> Select[Any]:
    """A SELECT of the counted rows: columns mention_id, label, published_at, media_type,
    outlet (and with `extra` also match_id, title, url and story, the duplicate group).
    `sequential` (SQLite, long periods) keeps the planner off the published_at and
    media_type indexes."""
    base, cols, label, _media = _matches(scope, profile_id, extra=extra, sequential=sequential)
    if scope.basis == "all_copies" and profile_id is not None:
        return base
    rank = _mention_rank(label) if scope.basis == "all_copies" else _story_rank(label)
    ranked = base.add_columns(rank.label("rn")).subquery()
    keep = [ranked.c[c.name] for c in cols]
    return select(*keep).where(ranked.c.rn == 1)


def _scope_profile(session: Session, scope: Scope) -> tuple[bool, int | None]:
    """Whether the scope's profile is known, and its id; with no profile named, the id of
    the one profile in scope when there is only one (an office with one profile): its
    matches are counted as that profile's, without choosing one match per article among
    several profiles (the same counts, without ranking every match of the period)."""
    if scope.profile is None:
        ids = select(P.c.id).where(P.c.comparison.is_(False))
        if scope.within is not None:
            ids = ids.where(P.c.id.in_(sorted(scope.within)))
        only = session.execute(ids.limit(2)).scalars().all()
        return True, (only[0] if len(only) == 1 else None)
    pid = profile_id(session, scope.profile)
    if pid is not None and scope.within is not None and pid not in scope.within:
        return False, None  # another unit's profile: unknown here
    return pid is not None, pid


def tone_counts(session: Session, scope: Scope) -> ToneCounts | None:
    """Counts per effective tone of the scope; None when its profile is unknown."""
    found, pid = _scope_profile(session, scope)
    if not found:
        return None
    rows = counted_rows(scope, pid, sequential=sequential(session, scope)).subquery()
    stmt = select(rows.c.label, func.count()).group_by(rows.c.label)
    return ToneCounts.from_labels({label: n for label, n in session.execute(stmt)})


def count_tones(session: Session, *, period: Period, indicators: IndicatorsConfig,
                profile: str | None = None, media_type: str | None = None,
                within: frozenset[int] | None = None) -> ToneCounts:
    """Tone counts of a period as the negative-share indicator counts them (the configured
    counting basis); empty for an unknown profile. What the dashboard, the API and the
    alerts show."""
    scope = Scope(period, profile, media_type, indicators.counting_basis, within)
    return tone_counts(session, scope) or ToneCounts()


@dataclass
class MediaCounts:
    """Counts over every media type, and per media type (stories formed within each media
    type for `unique_stories`, as a media-type filter would)."""

    all: ToneCounts
    per_media: dict[str, ToneCounts]


def tone_counts_by_media(session: Session, scope: Scope, *,
                         per_media: bool = True) -> MediaCounts | None:
    """Every negative-share figure of a profile and period in one query (the media type of
    `scope` is ignored); None when the profile is unknown. Without `per_media` only the
    figures over every media type are computed (one story ranking instead of two)."""
    found, pid = _scope_profile(session, scope)
    if not found:
        return None
    all_types = Scope(scope.period, scope.profile, None, scope.basis, scope.within)
    base, _cols, label, media = _matches(all_types, pid, extra=False,
                                         sequential=sequential(session, scope))
    if scope.basis == "all_copies" and pid is not None:
        rows = base.subquery()
        stmt = select(rows.c.media_type, rows.c.label, func.count(), func.count())
    elif scope.basis == "all_copies":
        # Every profile in scope: one row per article (a copy is in one media type).
        rows = base.add_columns(_mention_rank(label).label("rn")).subquery()
        one = func.sum(case((rows.c.rn == 1, 1), else_=0))
        stmt = select(rows.c.media_type, rows.c.label, one, one)
    else:
        rank_media = _story_rank(label, by_media=media) if per_media else literal(0)
        rows = base.add_columns(_story_rank(label).label("rn_all"),
                                rank_media.label("rn_media")).subquery()
        stmt = select(rows.c.media_type, rows.c.label,
                      func.sum(case((rows.c.rn_all == 1, 1), else_=0)),
                      func.sum(case((rows.c.rn_media == 1, 1), else_=0)))
    out = MediaCounts(ToneCounts(), {})
    for media_type, lbl, n_all, n_media in session.execute(
            stmt.group_by(rows.c.media_type, rows.c.label)):
        out.all.add(lbl, int(n_all or 0))
        if n_media:
            out.per_media.setdefault(media_type, ToneCounts()).add(lbl, int(n_media))
    return out


@dataclass
class CountedRow:
    mention_id: int
    label: str | None
    published_at: datetime
    media_type: str
    outlet: str | None
    title: str = ""


def fetch_rows(session: Session, scope: Scope) -> list[CountedRow] | None:
    """The counted rows with their titles; None when the profile is unknown."""
    found, pid = _scope_profile(session, scope)
    if not found:
        return None
    sub = counted_rows(scope, pid, extra=True, sequential=sequential(session, scope)).subquery()
    stmt = select(sub.c.mention_id, sub.c.label, sub.c.published_at, sub.c.media_type,
                  sub.c.outlet, sub.c.title)
    return [CountedRow(*r) for r in session.execute(stmt)]


def negative_rows(session: Session, scope: Scope, limit: int) -> tuple[list[Any], int]:
    """The negative counted rows (newest first, up to `limit`) with title, url, the
    evidence and the article's summary and text; and how many there are in all."""
    found, pid = _scope_profile(session, scope)
    if not found:
        return [], 0
    rows = counted_rows(scope, pid, extra=True, sequential=sequential(session, scope)).subquery()
    neg = rows.c.label == literal("negatif")
    total = session.execute(select(func.count()).select_from(rows).where(neg)).scalar() or 0
    stmt = (select(rows.c.mention_id, rows.c.match_id, rows.c.title, rows.c.url,
                   rows.c.outlet, rows.c.media_type, rows.c.published_at,
                   L.c.evidence, X.c.passages, L.c.human_label, M.c.summary, M.c.text)
            .select_from(rows.join(X, X.c.id == rows.c.match_id)
                         .join(M, M.c.id == rows.c.mention_id)
                         .outerjoin(L, L.c.match_id == rows.c.match_id))
            .where(neg).order_by(rows.c.published_at.desc(), rows.c.mention_id.desc())
            .limit(limit))
    return list(session.execute(stmt)), total


@dataclass
class ClippingRow:
    """One story of the period for the clipping list: its representative copy and how many
    copies of it were published in the period."""

    mention_id: int
    label: str | None
    published_at: datetime
    media_type: str
    outlet: str | None
    title: str
    url: str | None
    copies: int


def clipping_rows(session: Session, scope: Scope) -> list[ClippingRow]:
    """Every story of the scope (one row per duplicate group, its representative copy as
    `unique_stories` chooses it), oldest first, with its copies in the period; empty for an
    unknown profile."""
    found, pid = _scope_profile(session, scope)
    if not found:
        return []
    seq = sequential(session, scope)
    stories = counted_rows(replace(scope, basis="unique_stories"), pid, extra=True,
                           sequential=seq).subquery()
    every = counted_rows(replace(scope, basis="all_copies"), pid, extra=True,
                         sequential=seq).subquery()
    copies = (select(every.c.story, func.count(every.c.mention_id).label("copies"))
              .group_by(every.c.story).subquery())
    stmt = (select(stories.c.mention_id, stories.c.label, stories.c.published_at,
                   stories.c.media_type, stories.c.outlet, stories.c.title, stories.c.url,
                   copies.c.copies)
            .select_from(stories.join(copies, copies.c.story == stories.c.story))
            .order_by(stories.c.published_at, stories.c.mention_id))
    return [ClippingRow(int(r[0]), r[1], r[2], r[3], r[4], r[5] or "", r[6], int(r[7] or 1))
            for r in session.execute(stmt)]
