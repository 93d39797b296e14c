"""Settings, config, database and period parsing: the foundation every domain uses."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from collectors.models import Mention, Source
from pantau.config import load_config
from pantau.core import db
from pantau.core.errors import ConfigError, InputError
from pantau.core.periods import parse_period
from pantau.core.settings import load_settings


def test_default_database_is_sqlite_in_home(tmp_path, monkeypatch):
    monkeypatch.delenv("PANTAU_DATABASE_URL")
    monkeypatch.setenv("PANTAU_HOME", str(tmp_path / "h"))
    settings = load_settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'h' / 'pantau.db'}"


def test_invalid_settings_stop_with_clear_message(monkeypatch):
    monkeypatch.setenv("PANTAU_DATABASE_URL", "mysql://x")
    with pytest.raises(ConfigError, match="PANTAU_DATABASE_URL: hanya sqlite"):
        load_settings()


def test_missing_config_file_is_reported(cli_runner, monkeypatch, tmp_path):
    monkeypatch.setenv("PANTAU_CONFIG", str(tmp_path / "nope.toml"))
    result = cli_runner(["db", "upgrade"], expect_ok=False)
    assert result.exit_code == 1
    assert "Galat:" in result.output and "nope.toml" in result.output


def test_invalid_config_names_the_key(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[[sources]]\nname = "x"\nkind = "ftp"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\.0\.kind"):
        load_config(path)


def test_broken_toml_is_reported(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[institution\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bukan TOML"):
        load_config(path)


def test_db_upgrade_command_is_idempotent(cli_runner):
    assert "terbaru" in cli_runner(["db", "upgrade"]).output
    assert "terbaru" in cli_runner(["db", "upgrade"]).output


def test_fresh_sqlite_file_is_migrated_on_first_use(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with db.session_scope(url) as s:
        assert s.exec(select(Source)).all() == []
    with db.get_engine(url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_timestamps_round_trip_as_utc(session):
    jakarta_morning = datetime.fromisoformat("2024-03-05T07:00:00+07:00")
    session.add(Mention(url_key="k", title="t", published_at=jakarta_morning, content_hash="h"))
    session.commit()
    session.expire_all()
    stored = session.exec(select(Mention)).one().published_at
    assert stored.tzinfo is not None
    assert stored == datetime(2024, 3, 5, 0, 0, tzinfo=UTC)


def test_session_scope_rolls_back_on_error(database_url):
    with pytest.raises(RuntimeError), db.session_scope(database_url) as s:
        s.add(Source(name="a", kind="rss"))
        s.flush()
        raise RuntimeError("boom")
    with db.session_scope(database_url) as s:
        assert s.exec(select(Source)).all() == []


@pytest.mark.postgresql
def test_postgresql_connections_are_kept_at_a_web_workers_concurrency(database_url):
    """Issue 15: with SQLAlchemy's default pool (5), 20 submissions at once opened a new
    PostgreSQL connection (a server process) for most requests beyond the fifth and closed
    it after. Twenty sessions at once, twice: the second time opens none."""
    from sqlalchemy import event

    from tests.pantau.helpers import at_once

    engine = db.get_engine(database_url)
    opened: list[int] = []

    def hold() -> None:
        with db.session_scope(database_url) as s:
            s.connection().exec_driver_sql("SELECT pg_sleep(0.2)")

    def connected(*_args: object) -> None:
        opened.append(1)

    at_once([hold] * 20)
    event.listen(engine, "connect", connected)
    try:
        outcomes = at_once([hold] * 20)
    finally:
        event.remove(engine, "connect", connected)
    assert outcomes == [None] * 20
    assert opened == []


@pytest.mark.postgresql
def test_postgresql_connections_the_server_closed_are_replaced_before_use(database_url):
    """Issue 15: the pool pinged every connection before handing it out, a round trip per
    request. A connection the server closed while it sat in the pool (a restart,
    `pg_terminate_backend`, an idle timeout) is now seen without one, and replaced."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = db.get_engine(database_url)
    held = [engine.raw_connection() for _ in range(2)]
    pids = [c.dbapi_connection.info.backend_pid for c in held]  # type: ignore[union-attr]
    for connection in held:
        connection.close()  # back to the pool
    admin = create_engine(database_url, poolclass=NullPool)
    with admin.connect() as conn:
        for pid in pids:
            conn.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
        for _ in range(100):  # a backend ends a moment after being told to
            alive = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE pid IN "
                f"({int(pids[0])}, {int(pids[1])})").scalar_one()
            if alive == 0:
                break
            time.sleep(0.05)
    admin.dispose()

    def query() -> int:
        with db.session_scope(database_url) as s:
            return int(s.connection().exec_driver_sql("SELECT 1").scalar_one())

    # Each connection waiting in the pool is taken once, in turn (the pool is first in,
    # first out), the two the server closed among them.
    assert [query() for _ in range(engine.pool.checkedin())] == [1] * engine.pool.checkedin()


@pytest.mark.parametrize(
    ("code", "kind", "start", "end", "label"),
    [
        ("2023", "year", date(2023, 1, 1), date(2023, 12, 31), "Tahun 2023"),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), "Februari 2024"),
        ("2023-TW2", "quarter", date(2023, 4, 1), date(2023, 6, 30), "Triwulan II 2023"),
        ("2023-S2", "semester", date(2023, 7, 1), date(2023, 12, 31), "Semester II 2023"),
        ("2023-01-15..2023-02-14", "custom", date(2023, 1, 15), date(2023, 2, 14),
         "15-01-2023 s.d. 14-02-2023"),
    ],
)
def test_parse_period(code, kind, start, end, label):
    period = parse_period(code)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)
    assert period.code == code


@pytest.mark.parametrize("code", ["2023-13", "2023-TW5", "23", "2023-02-30..2023-03-01", "x"])
def test_bad_period_explains_accepted_forms(code):
    with pytest.raises(InputError, match="2023-TW2"):
        parse_period(code)


def test_reversed_custom_period_is_rejected():
    with pytest.raises(InputError, match="sebelum tanggal awal"):
        parse_period("2023-02-10..2023-01-01")


def test_period_bounds_are_jakarta_days():
    lo, hi = parse_period("2023-05").utc_bounds()
    assert lo == datetime(2023, 4, 30, 17, 0, tzinfo=UTC)
    assert hi == datetime(2023, 5, 31, 17, 0, tzinfo=UTC)


def test_previous_period():
    assert parse_period("2023-TW1").previous().code == "2022-TW4"
    assert parse_period("2023-01").previous().code == "2022-12"
    assert parse_period("2023-01-11..2023-01-20").previous().code == "2023-01-01..2023-01-10"
