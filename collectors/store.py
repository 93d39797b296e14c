"""Storing each story once (and grouping the stored copies again with `regroup_duplicates`
after the near-duplicate threshold changed).

Per item, in its own short transaction (a crash loses nothing already committed):
identity (canonical URL or platform id) -> language filter -> profile matching ->
exact repeat (same content hash from the same outlet) -> near-duplicate group (SimHash,
see `collectors.dedup`) -> one `Mention` row plus one `Match` per matching profile.

Links that were looked at but not stored (no profile matched, another language, an exact
repeat) are remembered in `SeenLink`, so a re-run does not fetch their pages again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from collectors.catalogue import load_catalogue
from collectors.config import CollectConfig
from collectors.dedup import (
    NearDuplicateIndex,
    content_hash,
    group_near_duplicates,
    simhash,
    to_signed,
    to_unsigned,
)
from collectors.lang import detect_language
from collectors.models import Match, Mention, MentionKey, SeenLink
from collectors.query import Query
from collectors.sources.base import Item
from collectors.sources.feeds import is_google_news_link
from collectors.urls import canonical_url, domain, url_key
from pantau.core.dates import parse_iso
from pantau.core.db import get_engine, session_scope
from pantau.core.timeutil import JAKARTA, utcnow

_MENTION = Mention.__table__  # type: ignore[attr-defined]
_MATCH = Match.__table__  # type: ignore[attr-defined]
_SEEN = SeenLink.__table__  # type: ignore[attr-defined]
_KEY = MentionKey.__table__  # type: ignore[attr-defined]

_INSERT_KEY = insert(_KEY).returning(_KEY.c.id)

# Platform codes for Indonesian (X/Twitter says "in").
_LANGUAGE_CODES = {"in": "id", "ind": "id", "id-id": "id"}

Outcome = Literal["new", "duplicate", "unmatched", "language"]


@dataclass(frozen=True)
class ProfileMatcher:
    id: int
    name: str
    query: Query


def item_key(item: Item) -> str:
    if item.key:
        return item.key
    assert item.url
    return url_key(item.url)


def _looks_like_host(name: str) -> bool:
    return "." in name and " " not in name or ":" in name


def _without_nul(value: Any) -> Any:
    """`value` (text, or lists and mappings of it) without NUL characters."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


class MentionStore:
    def __init__(self, *, profiles: list[ProfileMatcher], cfg: CollectConfig,
                 record_unmatched: bool = True, database_url: str | None = None) -> None:
        self.profiles = profiles
        self.cfg = cfg
        self.record_unmatched = record_unmatched
        self.database_url = database_url
        # Outlet names are stored in the catalogue's one spelling ("Kompas.com", never
        # "kompas.com" from one feed and "KOMPAS.com" from another page).
        self.catalogue = load_catalogue()
        self.index = NearDuplicateIndex(cfg.near_duplicate_distance)
        since = utcnow() - timedelta(days=cfg.dedup_window_days)
        with session_scope(database_url) as session:
            rows = session.execute(
                select(col(Mention.simhash), col(Mention.duplicate_group))
                .where(col(Mention.simhash).is_not(None))
                .where(col(Mention.published_at) >= since)
                .order_by(col(Mention.id))
            ).all()
        for value, group in rows:
            self.index.add(to_unsigned(value), group)

    # -- lookups ------------------------------------------------------------------------

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        keys = list(dict.fromkeys(keys))
        known: set[str] = set()
        with session_scope(self.database_url) as session:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                known.update(session.execute(
                    select(col(MentionKey.url_key)).where(col(MentionKey.url_key).in_(chunk))
                ).scalars())
                known.update(session.execute(
                    select(col(SeenLink.url_key)).where(col(SeenLink.url_key).in_(chunk))
                ).scalars())
        return known

    # -- storing ------------------------------------------------------------------------

    def _seen(self, key: str, source_id: int | None, reason: str) -> None:
        try:
            with get_engine(self.database_url).begin() as conn:
                conn.execute(insert(_SEEN).values(url_key=key, source_id=source_id,
                                                  reason=reason, seen_at=utcnow()))
        except IntegrityError:
            pass

    def store(
        self,
        item: Item,
        *,
        source_id: int | None,
        media_type: str,
        article: dict[str, Any] | None = None,
        final_url: str | None = None,
        pre_checked: bool = False,
        profiles: Sequence[ProfileMatcher] | None = None,
    ) -> Outcome:
        """Store `item` (see the module docstring), matched against `profiles`: those that
        may match its source's stories (`collectors.config.MatchScope`); default: all of
        the store's."""
        url = final_url or item.url
        key = item.key or url_key(url or "")
        keys = {key, item_key(item)}
        # The service checked item keys before fetching; only a redirect adds a new key.
        known = self.known_keys(keys) if (key != item_key(item) or not pre_checked) else set()
        if known:
            for k in keys - known:  # e.g. a Google News link leading to a stored page
                self._seen(k, source_id, "dialihkan")
            return "duplicate"
        if article and url and is_google_news_link(url):
            # Google answered with its own page (a newer encoded link, opened by script in
            # a browser rather than by a redirect): its text is not the article's.
            article = None
        article = article or {}
        title = item.title or article.get("title") or ""
        text = article.get("text") or item.text or item.summary or ""
        if article.get("title") and len(article["title"]) > len(title):
            title = article["title"]

        language = _LANGUAGE_CODES.get(item.language or "", item.language) \
            or detect_language(f"{title}\n{text}")
        if language and self.cfg.languages and language.split("-")[0] not in self.cfg.languages:
            for k in keys:
                self._seen(k, source_id, "bahasa")
            return "language"

        matches = []
        for profile in self.profiles if profiles is None else profiles:
            result = profile.query.match(title, text)
            if result is not None:
                matches.append((profile, result))
        if not matches:
            if self.record_unmatched:
                for k in keys:
                    self._seen(k, source_id, "tidak cocok")
            return "unmatched"

        page_outlet = article.get("outlet")
        if page_outlet and _looks_like_host(page_outlet):
            page_outlet = None
        outlet = (item.outlet or page_outlet or item.extra.get("feed_title")
                  or (domain(url) if url else None))
        # The article's own host first; for a Google News link that cannot be decoded
        # offline, the outlet's homepage from the feed's <source url>; then the name.
        outlet_url = item.extra.get("outlet_url")
        outlet_entry = (self.catalogue.by_url(url) if url and url.startswith("http") else None) \
            or (self.catalogue.by_url(outlet_url) if outlet_url else None) \
            or (self.catalogue.by_name(outlet) if outlet else None)
        if outlet_entry is not None:
            outlet = outlet_entry.name
        chash = content_hash(title, text)
        sim = simhash(title, text)
        # A page's time without zone (article:published_time, JSON-LD) is the Indonesian
        # outlet's own clock: WIB.
        published = (item.published_at
                     or parse_iso(article.get("published"), default_tz=JAKARTA) or utcnow())

        extra = dict(item.extra)
        if item.fetch_article and not article:
            extra["full_text"] = False
        row = {
            "url_key": key,
            "url": canonical_url(url) if url and url.startswith("http") else url,
            "title": title[:2000],
            "text": text,
            "summary": item.summary or article.get("description"),
            "outlet": (outlet or "")[:300] or None,
            "media_type": media_type,
            "language": language,
            "author": (item.author or article.get("author") or "")[:300] or None,
            "published_at": published,
            "collected_at": utcnow(),
            "source_id": source_id,
            "content_hash": chash,
            "simhash": to_signed(sim) if sim is not None else None,
            "extra": extra,
        }
        # A NUL character is no text (PostgreSQL refuses it, SQLite cuts the text there).
        row = _without_nul(row)
        matches = [(profile, replace(result, terms=_without_nul(result.terms),
                                     passages=_without_nul(result.passages)))
                   for profile, result in matches]
        # One short Core transaction per item (the ORM unit of work costs more than the
        # rest of the pipeline together).
        try:
            with get_engine(self.database_url).begin() as conn:
                same = conn.execute(
                    select(_MENTION.c.id, _MENTION.c.outlet, _MENTION.c.duplicate_group)
                    .where(_MENTION.c.content_hash == chash).order_by(_MENTION.c.id)
                ).all()
                if any(r.outlet == outlet for r in same):
                    raise _ExactRepeat
                group = same[0].duplicate_group if same else None
                if group is None and sim is not None:
                    group = self.index.find(sim)
                    if group is not None:
                        group = _story_now(conn, group)
                # The key first: its unique index is what makes a second collector storing
                # the same story at the same moment wait, then fail (IntegrityError below).
                mention_id = conn.execute(_INSERT_KEY, {"url_key": key}).scalar_one()
                if group is None:
                    group = mention_id
                conn.execute(insert(_MENTION),
                             {**row, "id": mention_id, "duplicate_group": group})
                now = utcnow()
                conn.execute(insert(_MATCH), [
                    {"mention_id": mention_id, "profile_id": profile.id,
                     "published_at": published, "matched_terms": result.terms,
                     "passages": result.passages, "matched_at": now}
                    for profile, result in matches])
                stored_group = group
        except _ExactRepeat:
            for k in keys:
                self._seen(k, source_id, "duplikat")
            return "duplicate"
        except IntegrityError:
            return "duplicate"
        if sim is not None:
            self.index.add(sim, stored_group)
        if item_key(item) != key:
            self._seen(item_key(item), source_id, "dialihkan")
        return "new"


class _ExactRepeat(Exception):
    pass


def _story_now(conn: Connection, group: int) -> int | None:
    """The story a near copy found in the duplicate index joins: the story its group's
    namesake (the mention whose id the group bears) belongs to now. The index is read when
    the collector starts; a regrouping since may have moved the namesake to another story,
    and a deleted namesake leaves no story to join (None: the copy starts one). Every story
    then bears the id of one of its copies, as `regroup_duplicates` leaves them."""
    row = conn.execute(select(_MENTION.c.duplicate_group)
                       .where(_MENTION.c.id == group)).first()
    if row is None:
        return None
    return row.duplicate_group if row.duplicate_group is not None else group


def delete_mentions(session: Session, ids: Iterable[int]) -> int:
    """Delete stored mentions by deleting their keys: the foreign keys take the mention
    rows, their matches, the matches' labels and corrections, and follow-ups with them (on
    PostgreSQL a `DELETE FROM mention` would leave the key, and so the matches, behind).
    Returns the number of keys deleted."""
    ids = sorted(set(ids))
    deleted = 0
    for start in range(0, len(ids), 5000):
        deleted += session.connection().execute(
            delete(_KEY).where(_KEY.c.id.in_(ids[start : start + 5000]))).rowcount
    return deleted


def regroup_duplicates(session: Session, *, max_distance: int) -> int:
    """Recompute `duplicate_group` of every stored mention (after changing the
    threshold). Exact content repeats keep one group; returns the number of groups."""
    rows = session.execute(
        select(col(Mention.id), col(Mention.simhash), col(Mention.content_hash))
        .order_by(col(Mention.id))).all()
    first_by_hash: dict[str, int] = {}
    items: list[tuple[int, int | None]] = []
    forced: dict[int, int] = {}
    for mention_id, value, chash in rows:
        if chash in first_by_hash:
            forced[mention_id] = first_by_hash[chash]
            continue
        first_by_hash[chash] = mention_id
        items.append((mention_id, to_unsigned(value) if value is not None else None))
    groups = group_near_duplicates(items, max_distance)
    for mention_id, first in forced.items():
        groups[mention_id] = groups.get(first, first)
    params = [{"mid": k, "grp": v} for k, v in groups.items()]
    stmt = update(_MENTION).where(_MENTION.c.id == bindparam("mid")).values(
        duplicate_group=bindparam("grp"))
    for start in range(0, len(params), 5000):
        session.connection().execute(stmt, params[start : start + 5000])
    return len(set(groups.values()))
