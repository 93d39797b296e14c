"""`pantau audit ...`: the audit log of changes to numbers an official signs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pantau.cli.base import PantauGroup, period_option
from pantau.cli.output import table


@click.group("audit", cls=PantauGroup)
def audit_group() -> None:
    """Jejak audit: siapa mengubah angka apa, kapan, sebelum dan sesudah."""


def _filter_options(func: Any) -> Any:
    for option in reversed((
        click.option("--action", default=None, metavar="TINDAKAN",
                     help="Awal nama tindakan, mis. label.correct, survey.import, user."),
        click.option("--actor", default=None, metavar="PELAKU", help="Nama pengguna pelaku."),
        click.option("--entity", default=None, metavar="ENTITAS",
                     help="Jenis entitas, mis. user, import_batch, sentiment_label."),
        click.option("--entity-id", default=None, metavar="ID", help="Id entitas."),
        period_option(),
    )):
        func = option(func)
    return func


def _events(action: str | None, actor: str | None, entity: str | None,
            entity_id: str | None, period: Any, limit: int | None) -> list[Any]:
    # deferred: keeps --help fast
    from pantau.core.audit import events
    from pantau.core.db import session_scope

    with session_scope() as session:
        return list(events(session, action_prefix=action, actor=actor, entity=entity,
                           entity_id=entity_id, period=period, limit=limit))


@audit_group.command("list")
@_filter_options
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100000),
              help="Jumlah baris (terbaru dulu).")
def audit_list(action: str | None, actor: str | None, entity: str | None,
               entity_id: str | None, period: Any, limit: int) -> None:
    """Daftar catatan jejak audit, terbaru dulu."""
    # deferred: keeps --help fast
    from pantau.core.timeutil import format_wib

    rows = _events(action, actor, entity, entity_id, period, limit)
    if not rows:
        click.echo("Belum ada catatan jejak audit yang cocok.")
        return
    click.echo(table(
        ["ID", "waktu", "pelaku", "tindakan", "entitas", "sebelum", "sesudah"],
        [[r.id, format_wib(r.at), r.actor, r.action, f"{r.entity} {r.entity_id}",
          r.before or "-", r.after or "-"] for r in rows],
        right={"ID"}))


@audit_group.command("export")
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv",
              show_default=True, help="Format berkas.")
@click.option("--out", "out", required=True, metavar="BERKAS",
              type=click.Path(dir_okay=False, path_type=Path), help="Berkas tujuan.")
def audit_export(action: str | None, actor: str | None, entity: str | None,
                 entity_id: str | None, period: Any, fmt: str, out: Path) -> None:
    """Ekspor jejak audit ke CSV atau XLSX (semua catatan yang cocok)."""
    # deferred: keeps --help fast
    from pantau.core.audit import export

    rows = _events(action, actor, entity, entity_id, period, None)
    export(rows, out, fmt=fmt)
    click.echo(f"{len(rows)} catatan jejak audit ditulis ke {out}.")
