"""The collection service (SERVICE CONTRACT, used by the CLI, the scheduler and the web):

``collect(*, config, profile=None, source=None, progress=None) -> list[SourceResult]``

1. profiles and sources of the TOML config are synced to the database;
2. every selected source is fetched (in parallel; a failing source never stops the
   others and its error is kept in the source's health);
3. new links (not stored, not seen before) are crawled in one Scrapy subprocess and each
   page is stored as it arrives (`collectors.store`); posts and clippings are stored as is.

`progress`, when given, is called with one Indonesian line per step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import or_, select
from sqlmodel import Session, col

from collectors.config import (
    CollectConfig,
    CollectorCredentials,
    MatchScope,
    MonitoringConfig,
    SourceConfig,
    collected_sources,
    match_scope,
)
from collectors.crawl import crawl_pages
from collectors.http import FetchError, HttpClient
from collectors.models import Match, Mention, Profile, Source
from collectors.query import parse_query
from collectors.sources import FetchOutcome, Item, SourceContext, connector_for
from collectors.store import MentionStore, ProfileMatcher, item_key
from pantau.core.db import session_scope
from pantau.core.errors import NotFoundError, PantauError
from pantau.core.timeutil import utcnow

Progress = Callable[[str], None]

# What a collection of every active source says when there is none (`collected_sources`).
NO_ACTIVE_SOURCE = ("Belum ada sumber aktif: tidak ada yang dikumpulkan. Tambahkan dengan "
                    "`pantau sources add --from-catalogue nasional` atau [[sources]] di berkas "
                    "konfigurasi (`pantau sources` menampilkan sumber dan statusnya).")

# Page errors after which the feed's own title and summary are stored instead.
_FALLBACK_ERRORS = ("robots.txt", "teks artikel tidak ditemukan", "bukan halaman HTML")


@dataclass
class SourceResult:
    source: str
    kind: str
    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    errors: int = 0
    note: str = ""
    skipped: bool = False
    error_messages: list[str] = field(default_factory=list)

    def add_note(self, text: str) -> None:
        self.note = f"{self.note}; {text}" if self.note else text


def _bad_link(url: str) -> str | None:
    """Why an item's link cannot be stored or fetched, or None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number or out of range
    except ValueError:
        return "tautan tidak dapat dibaca"
    if parts.scheme.lower() not in ("http", "https"):
        return "tautan bukan http(s)"
    return None


def sync_config(session: Session, cfg: MonitoringConfig) -> list[str]:
    """Create or update the Profile and Source rows named in the config; returns the
    names of profiles that are new or whose query changed."""
    profiles = {p.name: p for p in session.exec(select(Profile)).scalars()}  # type: ignore[call-overload]
    changed: list[str] = []
    for pc in cfg.profiles:
        row = profiles.get(pc.name)
        if row is None or row.query != pc.query:
            changed.append(pc.name)
        row = row or Profile(name=pc.name, query=pc.query)
        row.query = pc.query
        row.institution = pc.institution or cfg.institution.name
        row.comparison = pc.comparison
        session.add(row)
    sources = {s.name: s for s in session.exec(select(Source)).scalars()}  # type: ignore[call-overload]
    for sc in cfg.sources:
        srow = sources.get(sc.name) or Source(name=sc.name, kind=sc.kind)
        srow.kind = sc.kind
        srow.url = sc.url
        srow.media_type = sc.effective_media_type
        srow.enabled = sc.enabled
        session.add(srow)
    session.flush()
    return changed


def prepare_collection(*, config: MonitoringConfig, profile: str | None = None,
                       sources: Sequence[str] | None = None) -> list[str]:
    """Sync the configured profiles and sources to the database and match the stored
    mentions against new or changed profiles: what `collect` does first, done once before
    the work is split over many processes (which then find nothing to change). Returns the
    names of the sources to collect: `sources` when given, else the active ones
    (`collected_sources`; a PantauError when there is none)."""
    _profiles, chosen = _select(config, profile, None, sources)
    scope = match_scope(profiles=config.profiles, sources=config.sources)
    with session_scope() as session:
        changed = sync_config(session, config)
        for row in session.exec(select(Profile)).scalars():  # type: ignore[call-overload]
            if row.name in changed:
                rematch_stored(session, row, scope=scope)
    return [sc.name for sc in chosen]


def rematch_stored(session: Session, profile: Profile, *, scope: MatchScope) -> int:
    """Match the stored mentions that `profile` (new or changed query) may match (every
    one but those of other units' own sources, `scope`) and add the missing matches.
    Existing matches (and their labels) are kept."""
    query = parse_query(profile.query)
    have = set(session.execute(select(col(Match.mention_id))
                               .where(col(Match.profile_id) == profile.id)).scalars())
    added = 0
    stmt = select(col(Mention.id), col(Mention.title), col(Mention.text),
                  col(Mention.published_at)).order_by(col(Mention.id))
    closed = scope.closed_sources(profile.name)
    if closed:
        stmt = stmt.where(or_(col(Mention.source_id).is_(None), col(Mention.source_id).not_in(
            select(col(Source.id)).where(col(Source.name).in_(closed)))))
    for mention_id, title, text, published_at in session.execute(stmt):
        if mention_id in have:
            continue
        result = query.match(title, text)
        if result is not None:
            assert profile.id is not None
            session.add(Match(mention_id=mention_id, profile_id=profile.id,
                              published_at=published_at, matched_terms=result.terms,
                              passages=result.passages))
            added += 1
    return added


def _select(cfg: MonitoringConfig, profile: str | None, source: str | None,
            sources: Sequence[str] | None = None) -> tuple[list[str], list[SourceConfig]]:
    names = [p.name for p in cfg.profiles]
    if profile is not None and profile not in names:
        raise NotFoundError(f"Profil '{profile}' tidak ada di konfigurasi. "
                            f"Profil yang ada: {', '.join(names) or '(belum ada)'}")
    if not names:
        raise PantauError("Belum ada profil pemantauan: tambahkan [[profiles]] (name, query) "
                          "di berkas konfigurasi.")
    if sources is not None:
        wanted = set(sources)
        chosen = [s for s in cfg.sources if s.name in wanted]
        unknown = sorted(wanted - {s.name for s in chosen})
        if unknown:
            raise NotFoundError(f"Sumber tidak ada di konfigurasi: {', '.join(unknown)}")
    elif source is not None:
        chosen = [s for s in cfg.sources if s.name == source]
        if not chosen:
            known = ", ".join(s.name for s in cfg.sources) or "(belum ada)"
            raise NotFoundError(f"Sumber '{source}' tidak ada di konfigurasi. "
                                f"Sumber yang ada: {known}")
    else:
        chosen = collected_sources(cfg.sources)
        if not chosen:
            raise PantauError(NO_ACTIVE_SOURCE)
    return ([profile] if profile else names), chosen


def _fetch_one(sc: SourceConfig, ctx: SourceContext) -> FetchOutcome:
    return connector_for(sc.kind)(sc).fetch(ctx)


def collect(
    *,
    config: MonitoringConfig,
    profile: str | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    sources: Sequence[str] | None = None,
) -> list[SourceResult]:
    """Collect mentions from the configured sources (see the module docstring); `sources`
    names a part of them (a task of the distributed engine collects a few at a time)."""
    say = progress or (lambda _msg: None)
    profile_names, source_cfgs = _select(config, profile, source, sources)
    scope = match_scope(profiles=config.profiles, sources=config.sources)
    collect_cfg: CollectConfig = config.collect
    credentials = CollectorCredentials()

    with session_scope() as session:
        changed = sync_config(session, config)
        profile_rows = [p for p in session.exec(select(Profile)).scalars()  # type: ignore[call-overload]
                        if p.name in profile_names]
        for row in profile_rows:
            if row.name in changed:
                added = rematch_stored(session, row, scope=scope)
                if added:
                    say(f"Profil {row.name}: {added} pemberitaan tersimpan kini cocok")
        source_rows = {s.name: s for s in session.exec(select(Source)).scalars()}  # type: ignore[call-overload]
        states = {name: (row.id, row.etag, row.last_modified)
                  for name, row in source_rows.items()}
    matchers = [ProfileMatcher(p.id, p.name, parse_query(p.query)) for p in profile_rows]
    # A unit's own source is matched against its unit's profiles only (`MatchScope`).
    allowed = {sc.name: scope.allowed(sc.name, matchers) for sc in source_cfgs}
    store = MentionStore(profiles=matchers, cfg=collect_cfg,
                         record_unmatched=profile is None)
    queries = {p.name: p.query for p in profile_rows}
    results = {sc.name: SourceResult(sc.name, sc.kind) for sc in source_cfgs}
    failed: dict[str, str] = {}
    outcomes: dict[str, FetchOutcome] = {}

    say(f"Mengambil {len(source_cfgs)} sumber ...")
    with HttpClient(collect_cfg) as http:
        def run(sc: SourceConfig) -> tuple[SourceConfig, FetchOutcome | None, str | None]:
            _id, etag, last_modified = states[sc.name]
            ctx = SourceContext(http=http, collect=collect_cfg, credentials=credentials,
                                profile_queries=queries, etag=etag,
                                last_modified=last_modified)
            try:
                return sc, _fetch_one(sc, ctx), None
            except FetchError as exc:
                return sc, None, str(exc)
            except Exception as exc:  # noqa: BLE001 - a failing source never stops the others
                return sc, None, f"{type(exc).__name__}: {str(exc)[:300]}"

        with ThreadPoolExecutor(max_workers=collect_cfg.feed_workers) as pool:
            for sc, outcome, error in pool.map(run, source_cfgs):
                res = results[sc.name]
                if error is not None:
                    res.errors += 1
                    res.error_messages.append(error)
                    res.add_note(error)
                    failed[sc.name] = error
                    say(f"  {sc.name}: GAGAL - {error}")
                    continue
                assert outcome is not None
                outcomes[sc.name] = outcome
                res.fetched = len(outcome.items)
                res.skipped = outcome.skipped
                res.errors += len(outcome.errors)
                res.error_messages.extend(outcome.errors)
                for note in outcome.notes:
                    res.add_note(note)
                say(f"  {sc.name}: {len(outcome.items)} butir"
                    + (f" ({res.note})" if res.note else ""))

    # Which items are new? An item whose link is not a web page (`javascript:...`,
    # `mailto:`, `data:`) or cannot be read (`http://[::1`) is skipped with a note: one such
    # item must not stop the crawl of the others.
    usable: dict[str, list[tuple[Item, str]]] = {}
    for sc in source_cfgs:
        outcome = outcomes.get(sc.name)
        if outcome is None:
            continue
        usable[sc.name] = []
        for item in outcome.items:
            if not (item.url or item.key):
                continue
            reason = _bad_link(item.url) if item.url else None
            if reason is None:
                try:
                    usable[sc.name].append((item, item_key(item)))
                    continue
                except ValueError:
                    reason = "tautan tidak dapat dibaca"
            results[sc.name].add_note(f"butir dilewati: {reason} ({(item.url or '')[:60]})")
    pending: dict[str, tuple[SourceConfig, Item]] = {}
    direct: list[tuple[SourceConfig, Item]] = []
    known = store.known_keys([key for items in usable.values() for _, key in items])
    batch: set[str] = set()
    # A story that a shared source and a unit's own source both bring is stored from the
    # shared one, where every unit's profiles may match it.
    for sc in sorted(source_cfgs, key=lambda c: scope.source_unit(c.name) is not None):
        res = results[sc.name]
        for item, key in usable.get(sc.name, []):
            if key in known or key in batch:
                res.duplicates += 1
                continue
            batch.add(key)
            if item.fetch_article and item.url:
                pending[item.url] = (sc, item)
            else:
                direct.append((sc, item))

    def tally(sc: SourceConfig, outcome: str) -> None:
        res = results[sc.name]
        if outcome == "new":
            res.new += 1
        elif outcome == "duplicate":
            res.duplicates += 1

    for sc, item in direct:
        tally(sc, store.store(item, source_id=states[sc.name][0], profiles=allowed[sc.name],
                              media_type=sc.effective_media_type, pre_checked=True))

    if pending:
        say(f"Mengambil {len(pending)} halaman artikel baru ...")
        for done, record in enumerate(crawl_pages(list(pending), collect_cfg), start=1):
            sc, item = pending[record["url"]]
            source_id = states[sc.name][0]
            if record.get("ok"):
                tally(sc, store.store(item, source_id=source_id, profiles=allowed[sc.name],
                                      media_type=sc.effective_media_type,
                                      article=record, final_url=record.get("final_url"),
                                      pre_checked=True))
            elif any(marker in (record.get("error") or "") for marker in _FALLBACK_ERRORS) \
                    and (item.title or item.summary):
                tally(sc, store.store(item, source_id=source_id, profiles=allowed[sc.name],
                                      media_type=sc.effective_media_type, pre_checked=True))
            else:
                res = results[sc.name]
                res.errors += 1
                message = f"{record['url']}: {record.get('error') or 'gagal'}"
                res.error_messages.append(message)
            if done % 50 == 0 or done == len(pending):
                say(f"  {done}/{len(pending)} halaman")

    _update_health(source_cfgs, results, outcomes, failed)
    for res in results.values():
        page_errors = len(res.error_messages) - (1 if res.source in failed else 0)
        if page_errors > 0:
            res.add_note(f"{page_errors} halaman gagal, mis. {res.error_messages[-1]}")
    return [results[sc.name] for sc in source_cfgs]


def _update_health(source_cfgs: list[SourceConfig], results: dict[str, SourceResult],
                   outcomes: dict[str, FetchOutcome], failed: dict[str, str]) -> None:
    now = utcnow()
    with session_scope() as session:
        rows = {s.name: s for s in session.exec(select(Source)).scalars()}  # type: ignore[call-overload]
        for sc in source_cfgs:
            row = rows[sc.name]
            res = results[sc.name]
            row.last_run_at = now
            if sc.name in failed:
                row.last_error_at = now
                row.last_error = failed[sc.name][:2000]
                row.consecutive_failures += 1
            else:
                outcome = outcomes[sc.name]
                if not outcome.skipped:
                    row.last_success_at = now
                    row.consecutive_failures = 0
                # A feed whose articles could not all be fetched is asked for again in full
                # next time (no If-None-Match), so the failed articles are retried.
                if not res.error_messages:
                    if outcome.etag:
                        row.etag = outcome.etag[:500]
                    if outcome.last_modified:
                        row.last_modified = outcome.last_modified[:200]
                if res.errors and res.error_messages:
                    row.last_error_at = now
                    row.last_error = res.error_messages[-1][:2000]
            row.items_total += res.new
            session.add(row)
