"""The database of one benchmark run: a fresh PostgreSQL database on the server of an admin
URL (dropped on exit, whatever happens), or an SQLite file."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_database(admin_url: str | None, sqlite_file: Path) -> Iterator[str]:
    """Yield the URL of the run's database: `sqlite_file` without `admin_url`, otherwise a
    new database `pantau_bench_<id>` beside the admin URL's, dropped on exit (after this
    process's engines are closed)."""
    if admin_url is None:
        yield f"sqlite:///{sqlite_file}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from pantau.core import db

    admin = make_url(admin_url)
    name = f"pantau_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        db.dispose_engines()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
