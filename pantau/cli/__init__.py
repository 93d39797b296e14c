"""The `pantau` command line. Thin: it parses options, calls the domain services and turns
domain errors into friendly Indonesian messages (never a traceback for a user mistake).

Each domain contributes its commands through `<domain>/cli.py: COMMANDS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pantau import __version__
from pantau.core.errors import PantauError


class UserError(click.ClickException):
    """A message for the person at the terminal, shown without a traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Galat: {self.format_message()}", err=True)


class PantauGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PantauError as exc:
            raise UserError(str(exc)) from exc


@click.group(cls=PantauGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pantau")
def cli() -> None:
    """Pantau: pemantauan media dan Survei Kepuasan Masyarakat untuk Biro Humas."""
    from pantau.config import get_config
    from pantau.core.settings import get_settings, reset_settings

    reset_settings()
    get_settings()
    get_config()


@cli.group()
def db() -> None:
    """Basis data: migrasi skema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Terapkan migrasi skema ke versi terbaru."""
    from pantau.core import db as database
    from pantau.core.settings import get_settings

    settings = get_settings()
    if settings.database_url is None:
        settings.ensure_home()
    database.upgrade(settings.effective_database_url)
    click.echo("Skema basis data sudah versi terbaru.")


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("pantau-demo"), show_default=True,
              help="Folder tempat hasil demo ditulis.")
def demo(out_dir: Path) -> None:
    """Jalankan Pantau pada data contoh bawaan dan tulis laporan ke folder OUT."""
    from pantau.demo import run_demo

    for path in run_demo(out_dir, echo=click.echo):
        click.echo(f"  {path}")


def _register() -> None:
    from pantau.cli import collectors, indicators, jobs, sentiment, survey, web

    for module in (survey, collectors, sentiment, indicators, jobs, web):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="pantau")


if __name__ == "__main__":  # pragma: no cover
    main()
