"""The one database module: engines, sessions and migrations.

SQLite (the embedded default) gets WAL, a busy timeout and foreign keys on every
connection; PostgreSQL is used as is. The schema is managed by Alembic and brought up to
date automatically the first time an engine is used.
"""

from __future__ import annotations

import functools
import select
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import BigInteger, DateTime, Integer, TypeDecorator, bindparam, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, create_engine

from pantau.core.errors import ConfigError
from pantau.core.settings import Settings, get_settings

# The migrations belong to the wiring (their env.py imports every domain's tables); the core
# only needs their folder to hand to Alembic.
MIGRATIONS_DIR = Path(__file__).parent.parent / "migrations"

# The ids of the tables that grow by a row per story (1 M a day nationally: a 32-bit id
# overflows in under six years), and the columns that hold them: BIGINT on PostgreSQL. On
# SQLite every integer is 64-bit already, and a key must stay INTEGER to be the rowid.
BigId = BigInteger().with_variant(Integer(), "sqlite")

_engines: dict[str, Engine] = {}
_upgraded: set[str] = set()
_lock = threading.RLock()


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always returned timezone-aware (SQLite drops tzinfo)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Connections opened beyond the pool for a burst (closed when returned).
POOL_OVERFLOW = 10


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A pool as large as the concurrency a web worker sees: SQLAlchemy's default of 5 closed
    # and reopened a PostgreSQL connection (a new server process) for most requests beyond
    # the fifth at once (issue 15: about one in five submissions at 20 connections).
    engine = create_engine(url, pool_size=get_settings().database_pool_size,
                           max_overflow=POOL_OVERFLOW)
    event.listen(engine, "checkout", _refuse_closed_connection)
    return engine


def _refuse_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Replace a pooled PostgreSQL connection that the server closed while it sat in the
    pool (a restart, `pg_terminate_backend`, an idle timeout), before a request uses it.

    The server says so on the socket (an error, then end of file), so a socket with
    something to read on an idle connection is one to drop: the pool then opens another.
    SQLAlchemy's `pool_pre_ping` asked the server instead, a round trip before every
    request (issue 15: one of six on a public form submission)."""
    try:
        readable = dbapi_connection.closed or _has_input(dbapi_connection.fileno())
    except (OSError, dbapi_connection.OperationalError):
        readable = True
    if readable:
        raise DisconnectionError("connection closed by the server while idle")


def _has_input(fd: int) -> bool:
    """Whether a socket has something to read, without waiting. `poll`, not `select`: a
    web worker serving many clients holds descriptors past `select`'s limit of 1024."""
    if not hasattr(select, "poll"):  # pragma: no cover - Windows
        return bool(select.select([fd], [], [], 0)[0])
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Apply migrations up to `revision` (`pantau db upgrade`)."""
    url = url or get_settings().effective_database_url
    engine = get_engine(url, migrate=False)
    cfg = alembic_config(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        _check_known_schema(connection, cfg, url)
        command.upgrade(cfg, revision)
    _upgraded.add(url)


def _check_known_schema(connection: Any, cfg: AlembicConfig, url: str) -> None:
    """Refuse, in words, a database whose schema revision this Pantau does not know (made by
    another pre-release version: its single migration has another schema hash), instead of
    failing later on a missing table or column."""
    # deferred: only needed once per engine
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(connection).get_current_revision()
    script = ScriptDirectory.from_config(cfg)
    if current is None or current in {rev.revision for rev in script.walk_revisions()}:
        return
    parsed = make_url(url)
    where = (parsed.database if parsed.get_backend_name() == "sqlite"
             else parsed.render_as_string(hide_password=True))
    raise ConfigError(
        f"Basis data {where} dibuat oleh versi Pantau lain (skema {current}; versi ini memakai "
        f"skema {script.get_current_head()}). Sebelum rilis pertama skema tidak ditingkatkan "
        "otomatis: pindahkan atau hapus basis data itu lalu jalankan ulang (data contoh dapat "
        "dibuat lagi dengan `pantau demo`), atau pakai basis data lain lewat "
        "PANTAU_DATABASE_URL.")


def get_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """The engine for `url` (default: the settings' database), migrated on first use."""
    settings: Settings | None = None
    if url is None:
        settings = get_settings()
        if settings.database_url is None:
            settings.ensure_home()
        url = settings.effective_database_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _make_engine(url)
    if migrate and url not in _upgraded:
        with _lock:
            if url not in _upgraded:
                upgrade(url)
    return engine


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
    _upgraded.clear()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def insert_missing(session: Session, model: Any, values: dict[str, Any],
                   conflict: Sequence[str]) -> bool:
    """Insert one row of `model` unless a row with the same `conflict` columns (a unique
    constraint) exists; True when this call inserted it.

    `INSERT ... ON CONFLICT DO NOTHING` on both databases: two transactions creating the same
    unit, period or batch at once never fail. On PostgreSQL the second waits for the first
    to commit, then inserts nothing; a SELECT after it sees the committed row. A check-then-
    insert (or catching IntegrityError) instead loses the whole transaction to the race."""
    statement = _insert_missing_statement(session.get_bind().dialect.name, model.__table__,
                                          tuple(values), tuple(conflict))
    session.flush()  # pending rows first: the statement runs on the session's connection
    return session.connection().execute(statement, values).first() is not None


@functools.cache
def _insert_missing_statement(dialect: str, table: Any, columns: tuple[str, ...],
                              conflict: tuple[str, ...]) -> Any:
    """`insert_missing`'s statement, built once per table and columns (the public form runs
    it on every submission)."""
    if dialect == "postgresql":
        # deferred: each dialect's insert lives in its own module; import only the one in use
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(table)
    else:
        # deferred: as above
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table)
    # RETURNING says whether a row went in (rowcount is not reliable here on every driver).
    return (statement.values({name: bindparam(name) for name in columns})
            .on_conflict_do_nothing(index_elements=list(conflict))
            .returning(*[table.c[name] for name in conflict]))
