"""Test fixtures shared by every test module.

The suite runs against SQLite by default. With `PANTAU_TEST_POSTGRES_URL` set (an admin URL
such as postgresql+psycopg://postgres@127.0.0.1:5432/test) it runs against PostgreSQL: a
fresh database is created for the run (one per xdist worker) and dropped afterwards.
Every test gets an empty schema, its own PANTAU_HOME, and settings read anew.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from pantau.core import db
from pantau.core.settings import reset_settings
from pantau.models import metadata

POSTGRES_ADMIN_URL = os.environ.get("PANTAU_TEST_POSTGRES_URL")


def _create_postgres_database() -> tuple[str, str]:
    admin = make_url(POSTGRES_ADMIN_URL)  # type: ignore[arg-type]
    name = f"pantau_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(name: str) -> None:
    admin = make_url(POSTGRES_ADMIN_URL)  # type: ignore[arg-type]
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test runs in the run where it means something, and is not collected (rather than
    skipped: a skip fails CI, PANTAU_FORBID_SKIPS) in the other:
    - `postgresql` (a PostgreSQL feature: partitions, the server's connection pool): in the
      PostgreSQL run only;
    - `no_database` (the code under test never reaches the database: the spreadsheet reader,
      the shipped data's checks, hostile files refused before anything is stored): in the
      SQLite run only, since the PostgreSQL run would repeat it unchanged."""
    unwanted = "no_database" if POSTGRES_ADMIN_URL else "postgresql"
    kept = [item for item in items if item.get_closest_marker(unwanted) is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One migrated database for the whole run (per xdist worker)."""
    if POSTGRES_ADMIN_URL:
        url, name = _create_postgres_database()
        db.upgrade(url)
        yield url
        db.dispose_engines()
        _drop_postgres_database(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pantau-test.db'}"
        db.upgrade(url)
        yield url
        db.dispose_engines()


def _empty_all_tables(url: str) -> None:
    engine = db.get_engine(url)
    tables = [t for t in metadata.sorted_tables]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            # The mention table as the migration leaves it: only its default partition.
            for partition in conn.execute(text(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    "WHERE i.inhparent = 'mention'::regclass "
                    "AND c.relname <> 'mention_default'")).scalars().all():
                conn.execute(text(f'DROP TABLE "{partition}"'))
            conn.execute(text(
                "DO $$ BEGIN IF to_regclass('apscheduler_jobs') IS NOT NULL THEN "
                "DELETE FROM apscheduler_jobs; END IF; END $$;"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())
            conn.execute(text("DELETE FROM sqlite_sequence")) if conn.execute(
                text("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'")
            ).first() else None


@pytest.fixture(autouse=True)
def pantau_env(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Isolated PANTAU_HOME and an empty database for every test."""
    home = tmp_path / "pantau-home"
    monkeypatch.setenv("PANTAU_HOME", str(home))
    monkeypatch.setenv("PANTAU_DATABASE_URL", database_url)
    monkeypatch.delenv("PANTAU_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    reset_settings()
    _empty_all_tables(database_url)
    yield home
    reset_settings()


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """`hostile_files(name)` -> the path of a hostile XLSX (tests/pantau/hostile_files.py),
    built once per session."""
    from tests.pantau.hostile_files import HostileFiles

    return HostileFiles(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    with Session(db.get_engine(database_url), expire_on_commit=False) as s:
        yield s


@pytest.fixture
def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Write a TOML config and point PANTAU_CONFIG at it: `write_config(toml_text)`."""

    def _write(toml_text: str) -> Path:
        path = tmp_path / "pantau.toml"
        path.write_text(toml_text, encoding="utf-8")
        monkeypatch.setenv("PANTAU_CONFIG", str(path))
        reset_settings()
        return path

    return _write


@pytest.fixture
def cli_runner():  # type: ignore[no-untyped-def]
    """Invoke `pantau ...` in-process: `cli_runner(["survey", "score", ...])`."""
    from click.testing import CliRunner

    from pantau.cli import cli

    runner = CliRunner()

    def _run(args: list[str], input: str | None = None, expect_ok: bool = True):  # type: ignore[no-untyped-def]
        result = runner.invoke(cli, args, input=input, catch_exceptions=False)
        if expect_ok and result.exit_code != 0:
            raise AssertionError(f"pantau {' '.join(args)} failed ({result.exit_code}):\n"
                                 f"{result.output}")
        return result

    return _run


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """With PANTAU_FORBID_SKIPS=1 (set by .ci/run) a skipped test fails: CI must not be green
    with the browser, the PDF checks or the sentiment quality floor untested."""
    outcome = yield
    report = outcome.get_result()
    if (os.environ.get("PANTAU_FORBID_SKIPS") == "1" and report.skipped
            and not hasattr(report, "wasxfail")):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"dilewati di CI (PANTAU_FORBID_SKIPS=1): {reason}"
