"""Mentions partitioned by WIB month on PostgreSQL (`collectors.partitions`), their identity
and foreign keys on the unpartitioned `mention_key` table (both databases)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlmodel import Session

from collectors.api import delete_mentions, ensure_month_partitions
from collectors.config import CollectConfig
from collectors.models import Match, Mention, MentionKey, Profile
from collectors.query import parse_query
from collectors.sources.base import Item
from collectors.store import MentionStore, ProfileMatcher
from indicators.api import count_tones
from indicators.config import IndicatorsConfig
from indicators.models import FollowUp
from pantau.core.db import get_engine
from pantau.core.errors import PantauError
from pantau.core.periods import parse_period
from pantau.core.timeutil import JAKARTA, utcnow
from sentiment.api import MentionFilter, paged_mentions
from sentiment.models import LabelCorrection, SentimentLabel

BODY = ("Kementerian Sosial menyalurkan bantuan kepada keluarga penerima manfaat di "
        "{place}. Penyaluran dilakukan bertahap melalui bank penyalur dan kantor pos, "
        "kata pejabat Kemensos kepada wartawan. Warga {place} menyambut bantuan itu dengan "
        "antusias karena harga kebutuhan pokok naik sejak awal bulan ini menurut laporan.")


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _matcher(session: Session) -> list[ProfileMatcher]:
    profile = Profile(name="kemensos", query="Kemensos OR \"Kementerian Sosial\"")
    session.add(profile)
    session.commit()
    assert profile.id is not None
    return [ProfileMatcher(profile.id, profile.name, parse_query(profile.query))]


def _item(n: int, when: datetime, url: str | None = None,
          outlet: str = "Warta Nusantara") -> Item:
    return Item(url=url or f"https://warta.example/berita/{n}", title=f"Kemensos salurkan {n}",
                text=BODY.format(place=f"desa nomor {n} " * (n % 5 + 1)), published_at=when,
                outlet=outlet)


def _partitions(session: Session) -> dict[str, int]:
    """Partition name -> rows in it."""
    names = session.execute(text(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'mention'::regclass")).scalars().all()
    return {name: session.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
            for name in names}


def test_the_same_story_is_stored_once_across_months_and_at_the_same_moment(
        session: Session) -> None:
    profiles = _matcher(session)
    if _postgres(session):
        ensure_month_partitions(session, today=date(2026, 1, 15), months_ahead=1)
        session.commit()
    url = "https://warta.example/berita/sama"
    # The same link again with another publication time (an outlet's update): another month,
    # another partition, still the same story.
    first = MentionStore(profiles=profiles, cfg=CollectConfig())
    assert first.store(_item(1, datetime(2026, 1, 20, tzinfo=UTC), url), source_id=None,
                       media_type="online") == "new"
    later = MentionStore(profiles=profiles, cfg=CollectConfig())
    assert later.store(_item(1, datetime(2026, 2, 20, tzinfo=UTC), url), source_id=None,
                       media_type="online") == "duplicate"
    # Eight collectors storing one new link at the same moment, with dates in three months
    # and outlet names of their own (so only the key can tell the copies apart).
    stores = [MentionStore(profiles=profiles, cfg=CollectConfig()) for _ in range(8)]
    outcomes: list[str] = []
    start = threading.Barrier(len(stores))

    def run(n: int) -> None:
        start.wait()
        outcomes.append(stores[n].store(
            _item(2, datetime(2026, 1 + n % 3, 10, tzinfo=UTC), "https://kabar.example/x",
                  outlet=f"Kabar {n}"),
            source_id=None, media_type="online"))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate"] * 7 + ["new"]
    assert session.execute(select(func.count()).select_from(Mention)).scalar_one() == 2
    assert session.execute(select(func.count()).select_from(MentionKey)).scalar_one() == 2
    assert session.execute(select(func.count()).select_from(Match)).scalar_one() == 2


def test_deleting_mentions_leaves_nothing_behind(session: Session) -> None:
    profiles = _matcher(session)
    if _postgres(session):
        ensure_month_partitions(session, today=date(2026, 3, 1), months_ahead=0)
        session.commit()
    store = MentionStore(profiles=profiles, cfg=CollectConfig())
    # March has a partition (on PostgreSQL); 2031 is in the default one.
    for n, when in enumerate((datetime(2026, 3, 5, tzinfo=UTC), datetime(2031, 7, 1, tzinfo=UTC),
                              datetime(2026, 3, 6, tzinfo=UTC))):
        assert store.store(_item(n, when), source_id=None, media_type="online") == "new"
    mentions = session.execute(select(Mention.id, Mention.published_at)
                               .order_by(Mention.id)).all()
    matches = session.execute(select(Match.id, Match.mention_id)).all()
    for match_id, _ in matches:
        session.add(SentimentLabel(match_id=match_id, model_label="negatif"))
        session.add(LabelCorrection(match_id=match_id, new_label="netral", corrected_by="a"))
    for mention_id, _ in mentions:
        session.add(FollowUp(story_id=mention_id, created_by="a", updated_by="a"))
    session.commit()
    gone = [mentions[0].id, mentions[1].id]
    assert delete_mentions(session, gone) == 2
    session.commit()
    kept = mentions[2].id
    assert session.execute(select(Mention.id)).scalars().all() == [kept]
    assert session.execute(select(MentionKey.id)).scalars().all() == [kept]
    assert session.execute(select(Match.mention_id)).scalars().all() == [kept]
    assert session.execute(select(FollowUp.story_id)).scalars().all() == [kept]
    for table in (SentimentLabel, LabelCorrection):
        assert session.execute(select(func.count()).select_from(table)).scalar_one() == 1
    if _postgres(session):
        assert sum(_partitions(session).values()) == 1


def test_mention_is_partitioned_by_wib_month_on_postgresql(session: Session) -> None:
    if not _postgres(session):
        assert not session.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'mention_y%'")).scalar_one()
        assert ensure_month_partitions(session, today=date(2026, 1, 1)) == []
        return  # SQLite keeps the plain table
    kind, key = session.execute(text(
        "SELECT c.relkind, pg_get_partkeydef(c.oid) FROM pg_class c "
        "WHERE c.relname = 'mention'")).one()
    assert (kind, key) == ("p", "RANGE (published_at)")
    assert session.execute(text(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'mention'::regclass AND contype = 'p'")).scalar_one() \
        == "PRIMARY KEY (id, published_at)"
    assert _partitions(session) == {"mention_default": 0}
    # A story of a month without partition is stored (in the default partition).
    profiles = _matcher(session)
    store = MentionStore(profiles=profiles, cfg=CollectConfig())
    # 17:30 UTC on 31 January is 00:30 WIB on 1 February: a February story.
    wib_february = datetime(2026, 1, 31, 17, 30, tzinfo=UTC)
    assert store.store(_item(1, wib_february), source_id=None, media_type="online") == "new"
    assert store.store(_item(2, datetime(2026, 1, 15, tzinfo=UTC)), source_id=None,
                       media_type="online") == "new"
    assert _partitions(session) == {"mention_default": 2}
    # This month and two ahead, and January (found in the default partition) moved out.
    made = ensure_month_partitions(session, today=date(2026, 2, 10))
    session.commit()
    assert made == ["mention_y2026m01", "mention_y2026m02", "mention_y2026m03",
                    "mention_y2026m04"]
    assert _partitions(session) == {"mention_default": 0, "mention_y2026m01": 1,
                                    "mention_y2026m02": 1, "mention_y2026m03": 0,
                                    "mention_y2026m04": 0}
    assert ensure_month_partitions(session, today=date(2026, 2, 11)) == []
    # The full-text index is on every partition.
    assert session.execute(text(
        "SELECT count(*) FROM pg_indexes WHERE tablename = 'mention_y2026m02' "
        "AND indexdef LIKE '%to_tsvector%'")).scalar_one() == 1


def _statements(engine: Any, call: Any) -> list[tuple[str, Any]]:
    """The SELECTs on mentions that `call(session)` sends."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "mention" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as reading:
            call(reading)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert statements
    return statements


def _rows_read(plan: dict[str, Any], table: str) -> int:
    """Rows the executed plan took from `table`'s heap or index: returned, and removed by a
    filter or a recheck, over every loop."""
    rows = 0
    if plan.get("Relation Name") == table:
        rows += (plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0)
                 + plan.get("Rows Removed by Index Recheck", 0)) * plan["Actual Loops"]
    return rows + sum(_rows_read(child, table) for child in plan.get("Plans", []))


@pytest.mark.postgresql
def test_a_month_of_counts_reads_one_partition_and_the_months_matches(
        session: Session) -> None:
    profiles = _matcher(session)
    session.add(Profile(name="dinsos", query="Dinas Sosial"))  # two profiles in scope
    for month in (4, 5, 6):
        ensure_month_partitions(session, today=date(2026, month, 1), months_ahead=0)
    session.commit()
    store = MentionStore(profiles=profiles, cfg=CollectConfig())
    for n in range(6):
        when = datetime(2026, 4 + n % 3, 10, tzinfo=UTC)
        assert store.store(_item(n, when), source_id=None, media_type="online") == "new"
    session.execute(text("ANALYZE"))
    session.commit()
    engine = get_engine()
    may = parse_period("2026-05")
    counts: list[int] = []

    def count(reading: Session) -> None:
        for profile in ("kemensos", None):  # one profile; every profile of the institution
            counts.append(count_tones(reading, period=may, indicators=IndicatorsConfig(),
                                      profile=profile).total)
        counts.append(paged_mentions(reading, MentionFilter(
            date_from=date(2026, 5, 1), date_to=date(2026, 5, 31)))[1])

    statements = _statements(engine, count)
    assert counts == [2, 2, 2]
    with engine.connect() as conn:
        for statement, parameters in statements:
            plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars())
            read = {name for name in ("mention_default", "mention_y2026m04",
                                      "mention_y2026m05", "mention_y2026m06")
                    if f" on {name}" in plan}
            assert read == {"mention_y2026m05"}, plan
        # With a few rows every table is one page, and reading it whole is the cheapest
        # plan; without sequential scans and nested loops (as on a big table, where a month
        # is 100,000s of matches) the plan shows whether it can start from the month's
        # matches: it reads May's 2 of the 6, not every match of the profile.
        conn.exec_driver_sql("SET enable_seqscan = off")
        conn.exec_driver_sql("SET enable_nestloop = off")
        for statement, parameters in statements:
            if "mention_match" not in statement:
                continue
            plan = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}",
                                        parameters).scalar_one()[0]["Plan"]
            assert _rows_read(plan, "mention_match") == 2, statement


def test_the_daily_run_and_the_cli_make_partitions_ahead(session: Session,
                                                         cli_runner: Any) -> None:
    from jobs.daily import run_daily
    from pantau.config import get_config

    run_daily(day=date(2026, 1, 1), only=("collect",), config=get_config())
    if not _postgres(session):
        result = cli_runner(["db", "partisi"])
        assert "SQLite tidak memakai partisi" in result.output
        return
    this_month = utcnow().astimezone(JAKARTA).date().replace(day=1)
    assert f"mention_y{this_month.year}m{this_month.month:02d}" in _partitions(session)
    assert len(_partitions(session)) == 4  # the default, this month and two ahead
    session.rollback()  # a reader's open transaction would hold the CREATE back
    result = cli_runner(["db", "partisi", "--bulan-depan", "3"])
    assert result.output.count("Partisi dibuat: mention_y") == 1
    assert len(_partitions(session)) == 5


@pytest.mark.postgresql
def test_a_busy_table_puts_partitions_off_and_storing_goes_on(session: Session) -> None:
    profiles = _matcher(session)
    store = MentionStore(profiles=profiles, cfg=CollectConfig())
    assert store.store(_item(1, datetime(2026, 7, 3, tzinfo=UTC)), source_id=None,
                       media_type="online") == "new"
    with get_engine().connect() as reader:  # a long report holding its read lock
        reader.execute(text("SELECT count(*) FROM mention"))
        with Session(get_engine()) as maker, pytest.raises(PantauError, match="ulangi nanti"):
            ensure_month_partitions(maker, today=date(2026, 7, 10))
        assert store.store(_item(2, datetime(2026, 7, 4, tzinfo=UTC)), source_id=None,
                           media_type="online") == "new"
    session.rollback()
    assert _partitions(session) == {"mention_default": 2}
    session.rollback()  # the count's lock on the default partition, too, would hold it back
    with Session(get_engine()) as maker:
        assert ensure_month_partitions(maker, today=date(2026, 7, 10))[0] == "mention_y2026m07"
        maker.commit()
    assert _partitions(session)["mention_y2026m07"] == 2


def test_the_ids_of_the_tables_that_grow_with_the_news_are_64_bit(session: Session) -> None:
    """Every table with a row per item looked at: 32-bit ids would run out at national
    scale. On SQLite an INTEGER PRIMARY KEY is the 64-bit rowid already."""
    tables = ("mention_key", "mention", "mention_match", "sentiment_label", "seen_link")
    if _postgres(session):
        types = dict(session.execute(text(
            "SELECT table_name, data_type FROM information_schema.columns "
            "WHERE column_name = 'id' AND table_name = ANY(:tables)"),
            {"tables": list(tables)}).all())
        assert types == dict.fromkeys(tables, "bigint")
    else:
        for table in tables:
            columns = session.execute(text(f"PRAGMA table_info({table})")).all()
            assert [(c.type, c.pk) for c in columns if c.name == "id"] == [("INTEGER", 1)]
