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
    from pantau.config import get_config
    from pantau.demo import next_steps, run_demo

    written = run_demo(out_dir, echo=click.echo)
    click.echo(f"Berkas hasil demo ({len(written)}):")
    for path in written:
        click.echo(f"  {path}")
    for line in next_steps([unit.code for unit in get_config().survey.units]):
        click.echo(line)
