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
    _make_partitions(months_ahead=None)


def _make_partitions(*, months_ahead: int | None, explain_sqlite: bool = False) -> None:
    # deferred: keeps --help fast (SQLAlchemy, the collectors)
    from collectors.api import MONTHS_AHEAD, ensure_month_partitions
    from pantau.core.db import session_scope
    from pantau.core.timeutil import JAKARTA, utcnow

    ahead = MONTHS_AHEAD if months_ahead is None else months_ahead
    with session_scope() as session:
        if session.get_bind().dialect.name != "postgresql":
            if explain_sqlite:
                click.echo("SQLite tidak memakai partisi: tidak ada yang perlu dibuat.")
            return
        created = ensure_month_partitions(
            session, today=utcnow().astimezone(JAKARTA).date(), months_ahead=ahead)
    for name in created:
        click.echo(f"Partisi dibuat: {name}")
    click.echo(f"Partisi tabel berita untuk bulan ini dan {ahead} bulan berikutnya sudah ada.")


@db_group.command("partisi")
@click.option("--bulan-depan", "months_ahead", type=click.IntRange(0, 24), default=None,
              metavar="N", help="Berapa bulan ke depan dibuatkan partisi (bawaan 2).")
def db_partisi(months_ahead: int | None) -> None:
    """PostgreSQL: buat partisi bulanan tabel berita untuk bulan ini dan bulan-bulan
    berikutnya (`pantau db upgrade` dan proses harian juga membuatnya); SQLite tidak
    memakai partisi."""
    _make_partitions(months_ahead=months_ahead, explain_sqlite=True)
