"""`pantau demo`: Pantau end to end on the bundled sample data."""

from __future__ import annotations

from pathlib import Path

import click

from pantau.cli.base import PantauCommand


@click.command("demo", cls=PantauCommand)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("pantau-demo"), show_default=True,
              help="Folder tempat hasil demo ditulis.")
def demo_command(out_dir: Path) -> None:
    """Jalankan Pantau pada data contoh bawaan dan tulis laporannya ke folder --out."""
    # deferred: keeps --help fast (the demo wires every domain)
    from pantau.demo import run_demo

    for path in run_demo(out_dir, echo=click.echo):
        click.echo(f"  {path}")
