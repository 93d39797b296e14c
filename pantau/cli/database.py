"""`pantau db ...`: the database schema."""

from __future__ import annotations

import click

from pantau.cli.base import PantauGroup


@click.group("db", cls=PantauGroup)
def db_group() -> None:
    """Basis data: migrasi skema."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Terapkan migrasi skema ke versi terbaru."""
    # deferred: keeps --help fast (SQLAlchemy, Alembic)
    from pantau.core import db as database
    from pantau.core.settings import get_settings

    settings = get_settings()
    if settings.database_url is None:
        settings.ensure_home()
    database.upgrade(settings.effective_database_url)
    click.echo("Skema basis data sudah versi terbaru.")
