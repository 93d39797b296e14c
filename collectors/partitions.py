"""PostgreSQL: the `mention` table partitioned by month of publication (WIB).

`mention` is the one table that grows without bound (about 1 M rows a day nationally). On
PostgreSQL it is `PARTITION BY RANGE (published_at)`, one partition per WIB calendar month
(`mention_y2027m01` holds 2027-01-01 00:00 WIB up to 2027-02-01 00:00 WIB), so that a
month's counts (periods are WIB months, `pantau.core.periods`) read one partition, and an old
month can be detached to cheaper storage. Partitions in UTC months would split every WIB
month over two of them.

- The primary key is (id, published_at): a partitioned table's keys must hold the partition
  key. `url_key` uniqueness and the foreign keys of matches and follow-ups live on the
  unpartitioned `mention_key` table (`collectors.models.MentionKey`), which the partitioned
  table references.
- `published_at` is never empty: a story without a date of its own is stored with the time
  it was collected (`collectors.store`), the best bound we know for when it appeared.
- `mention_default` (the DEFAULT partition) takes any row whose month has no partition yet,
  so storing a mention never fails for want of a partition. `ensure_month_partitions`
  (run by the daily job's collection and by `pantau db partisi`) creates the partitions of
  this month and the next ones, and gives every month found in the default partition its
  own partition, moving those rows there.

SQLite keeps the plain table: `PARTITION_UPGRADE` is rendered into the single migration
(`pantau.migrations.regenerate`) for PostgreSQL only.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import CreateIndex
from sqlmodel import Session

from collectors.models import Mention
from pantau.core.errors import PantauError
from pantau.core.timeutil import JAKARTA

MONTHS_AHEAD = 2  # partitions made ahead of the current month
LOCK_TIMEOUT = "2s"
DEFAULT_PARTITION = "mention_default"
_LOCK_KEY = 727_001  # pg_advisory_xact_lock: one partition maker at a time

_TABLE: Table = Mention.__table__  # type: ignore[attr-defined]


def _partitioned_mention_ddl() -> list[str]:
    """Statements turning the (empty) `mention` table the migration has just created into a
    partitioned one with the same columns, indexes and foreign keys."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    keys = [f"ALTER TABLE mention ADD FOREIGN KEY ({fk.parent.name}) REFERENCES "
            f"{fk.column.table.name} ({fk.column.name})"
            + (f" ON DELETE {fk.ondelete}" if fk.ondelete else "")
            for fk in sorted(_TABLE.foreign_keys, key=lambda fk: fk.parent.name)]
    indexes = [str(CreateIndex(ix).compile(dialect=dialect))
               for ix in sorted(_TABLE.indexes, key=lambda ix: str(ix.name))]
    return [
        "ALTER TABLE mention RENAME TO mention_unpartitioned",
        "CREATE TABLE mention (LIKE mention_unpartitioned INCLUDING DEFAULTS) "
        "PARTITION BY RANGE (published_at)",
        "DROP TABLE mention_unpartitioned",
        "ALTER TABLE mention ADD PRIMARY KEY (id, published_at)",
        *keys,
        *indexes,
        f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF mention DEFAULT",
    ]


PARTITION_UPGRADE = {"postgresql": _partitioned_mention_ddl()}


def partition_name(month: date) -> str:
    return f"mention_y{month.year}m{month.month:02d}"


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _bound(month: date) -> str:
    """The start of a WIB month as a timestamptz literal."""
    return datetime(month.year, month.month, 1, tzinfo=JAKARTA).isoformat(sep=" ")


def ensure_month_partitions(session: Session, *, today: date,
                            months_ahead: int = MONTHS_AHEAD) -> list[str]:
    """Create the missing partitions of `today`'s month and the `months_ahead` next ones,
    and of every month up to then that has rows in the default partition (a clipping import
    of last year, a mention stored before its month had a partition), moving those rows
    into it. Returns the names created; nothing to do on SQLite.

    Runs in the session's transaction; an ACCESS EXCLUSIVE lock on `mention` is held for the
    moment of each CREATE (a few milliseconds when the default partition is empty, as it is
    when partitions are made ahead). Raises `PantauError` when readers keep that lock away
    longer than `LOCK_TIMEOUT` (nothing is made then; storing goes on in the default)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return []
    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%(key)s)", {"key": _LOCK_KEY})
    # A CREATE waits for readers of `mention` to finish, and readers that come after wait
    # behind it: give up soon and leave it to the next run.
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    existing = set(conn.exec_driver_sql(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'mention'::regclass").scalars())
    first = today.replace(day=1)
    last = first
    wanted = {first}
    for _ in range(months_ahead):
        last = _next_month(last)
        wanted.add(last)
    stray = conn.exec_driver_sql(
        f"SELECT DISTINCT date_trunc('month', published_at AT TIME ZONE 'Asia/Jakarta')::date "
        f"FROM {DEFAULT_PARTITION}").scalars()
    wanted.update(month for month in stray if month <= last)
    created: list[str] = []
    try:
        for month in sorted(wanted - {m for m in wanted if partition_name(m) in existing}):
            _make_partition(conn, month)
            created.append(partition_name(month))
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        raise PantauError(
            f"Partisi bulanan tabel berita belum dapat dibuat: tabel sedang dibaca lebih dari "
            f"{LOCK_TIMEOUT} (laporan panjang?). Berita tetap tersimpan (partisi bawaan); "
            "ulangi nanti dengan `pantau db partisi` atau tunggu proses harian berikutnya."
        ) from exc
    return created


def _make_partition(conn: Connection, month: date) -> None:
    name = partition_name(month)
    lo, hi = _bound(month), _bound(_next_month(month))
    # A new partition may not overlap rows of the default one: they wait in a temporary
    # table (their ids, and so every foreign key, unchanged) and come back after.
    conn.exec_driver_sql("CREATE TEMPORARY TABLE mention_moving (LIKE mention) ON COMMIT DROP")
    conn.exec_driver_sql(
        f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE published_at >= '{lo}' "
        f"AND published_at < '{hi}' RETURNING *) "
        "INSERT INTO mention_moving SELECT * FROM moved")
    conn.exec_driver_sql(f"CREATE TABLE {name} PARTITION OF mention "
                         f"FOR VALUES FROM ('{lo}') TO ('{hi}')")
    conn.exec_driver_sql("INSERT INTO mention SELECT * FROM mention_moving")
    conn.exec_driver_sql("DROP TABLE mention_moving")
