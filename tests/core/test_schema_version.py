"""A database made by another pre-release schema is refused in words, not by a missing
table later (the single migration's revision id carries a hash of the schema)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from pantau.core.db import dispose_engines, get_engine
from pantau.core.errors import ConfigError


def _old_database(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(sa.text("INSERT INTO alembic_version VALUES ('0001')"))
    engine.dispose()
    return url


def test_a_database_of_another_schema_is_refused_with_its_path(tmp_path: Path) -> None:
    url = _old_database(tmp_path / "lama.db")
    try:
        with pytest.raises(ConfigError) as caught:
            get_engine(url)
    finally:
        dispose_engines()
    message = str(caught.value)
    assert str(tmp_path / "lama.db") in message
    assert "skema 0001;" in message and "pantau demo" in message


def test_the_cli_says_it_without_a_traceback(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from pantau.cli import cli
    from pantau.core.settings import get_settings

    url = _old_database(tmp_path / "lama.db")
    monkeypatch.setenv("PANTAU_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["runs"])
    finally:
        dispose_engines()
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "Galat: Basis data" in result.output and "dibuat oleh versi Pantau lain" in result.output
    assert "Traceback" not in result.output


def test_a_current_database_opens_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'baru.db'}"
    try:
        get_engine(url)
        dispose_engines()
        with get_engine(url).connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        dispose_engines()
