"""`pantau backup` and `pantau restore`: the database, uploads and models in one file."""

from __future__ import annotations

from pathlib import Path

import click

from pantau.cli.base import PantauCommand, confirm


@click.command("backup", cls=PantauCommand)
@click.option("--out", "out", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas cadangan (bawaan: pantau-cadangan-<tanggal>-<jam>.tar.gz di folder "
                   "ini).")
def backup_command(out: Path | None) -> None:
    """Cadangkan basis data, unggahan dan model ke satu berkas."""
    # deferred: keeps --help fast
    from pantau import __version__
    from pantau.core.backup import create_backup
    from pantau.core.settings import get_settings
    from pantau.core.timeutil import to_jakarta, utcnow

    settings = get_settings()
    if out is None:
        out = Path(f"pantau-cadangan-{to_jakarta(utcnow()).strftime('%Y%m%d-%H%M%S')}.tar.gz")
    summary = create_backup(out, database_url=settings.effective_database_url,
                            home=settings.home, pantau_version=__version__)
    click.echo(f"Cadangan {summary.database} ditulis ke {summary.path} "
               f"({summary.home_files} berkas dari {settings.home}). Simpan di tempat yang "
               "hanya dapat dibaca administrator: isinya memuat hash kata sandi dan kunci "
               "aplikasi.")


@click.command("restore", cls=PantauCommand)
@click.argument("archive", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Pulihkan tanpa bertanya.")
def restore_command(archive: Path, yes: bool) -> None:
    """Pulihkan basis data, unggahan dan model dari berkas cadangan.

    Menimpa data sekarang dengan isi BERKAS; hentikan dulu aplikasi web dan penjadwal."""
    # deferred: keeps --help fast
    from pantau.core import db
    from pantau.core.backup import read_manifest, restore_backup
    from pantau.core.settings import get_settings

    settings = get_settings()
    manifest = read_manifest(archive)
    if not yes:
        confirm(f"Timpa basis data dan berkas di {settings.home} dengan cadangan "
                f"{manifest.get('created_at', '?')} (UTC)?")
    db.dispose_engines()  # no pooled connection may hold the old database open
    summary = restore_backup(archive, database_url=settings.effective_database_url,
                             home=settings.home)
    db.upgrade(settings.effective_database_url)  # a backup from an older Pantau
    click.echo(f"Cadangan {summary.created_at} (UTC) dipulihkan: basis data {summary.database} "
               f"dan {summary.home_files} berkas.")
