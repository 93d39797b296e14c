"""`pantau` commands of collectors: collect, sources, mentions list/export/regroup,
clippings import. Listing and exporting mentions shows their tone, so those two commands call
sentiment (`sentiment.api.MentionFilter`, the filter the web list and the API use too)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pantau.cli.base import PantauCommand, PantauGroup
from pantau.cli.output import table

if TYPE_CHECKING:
    from sentiment.api import MentionFilter


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.command("collect", cls=PantauCommand)
@click.option("--profile", default=None, help="Hanya profil pemantauan ini.")
@click.option("--source", default=None, help="Hanya sumber ini (nama di konfigurasi).")
def collect_command(profile: str | None, source: str | None) -> None:
    """Kumpulkan pemberitaan dari semua sumber yang dikonfigurasi."""
    # deferred: keeps --help fast
    from collectors.api import collect
    from pantau.config import get_config

    results = collect(config=get_config(), profile=profile, source=source, progress=_echo_err)
    rows = [[r.source, r.kind, r.fetched, r.new, r.duplicates, r.errors, r.note]
            for r in results]
    click.echo(table(["sumber", "jenis", "diambil", "baru", "duplikat", "galat", "catatan"],
                     rows, right={"diambil", "baru", "duplikat", "galat"},
                     limits={"catatan": 90}))
    total = sum(r.new for r in results)
    click.echo(f"\nTotal pemberitaan baru: {total}")


@click.command("sources", cls=PantauCommand)
def sources_command() -> None:
    """Kesehatan tiap sumber: sukses terakhir, galat terakhir, jumlah butir."""
    # deferred: keeps --help fast
    from collectors.api import source_health
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        found = [[s.name, s.kind, "ya" if s.enabled else "tidak",
                  format_wib(s.last_success_at), format_wib(s.last_error_at),
                  s.last_error, s.items_total]
                 for s in source_health(session, config=get_config())]
    if not found:
        click.echo("Belum ada sumber. Tambahkan [[sources]] di berkas konfigurasi.")
        return
    click.echo(table(["sumber", "jenis", "aktif", "sukses terakhir", "galat terakhir",
                      "pesan galat", "butir"], found, right={"butir"},
                     limits={"pesan galat": 60}))


_DAY = click.DateTime(["%Y-%m-%d"])
_FILTER_OPTIONS = [
    click.option("--since", type=_DAY, default=None,
                 help="Terbit sejak tanggal ini (YYYY-MM-DD, WIB)."),
    click.option("--until", type=_DAY, default=None,
                 help="Terbit sampai tanggal ini (YYYY-MM-DD, WIB)."),
    click.option("--profile", default=None, help="Nama profil pemantauan."),
    click.option("--source", default=None, help="Nama sumber (lihat `pantau sources`)."),
    click.option("--outlet", default=None, help="Nama media (sebagian nama cukup)."),
    click.option("--media-type", default=None,
                 help="Jenis media: online, cetak, televisi, radio, media sosial."),
    click.option("--tone", default=None,
                 help="Nada: positif, netral, negatif, atau belum (belum berlabel)."),
    click.option("--text", default=None, help="Kata dalam judul atau isi."),
    click.option("--unique", "unique_only", is_flag=True,
                 help="Hanya salinan pertama tiap cerita."),
]


def _filter_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_FILTER_OPTIONS):
        command = option(command)
    return command


def _filter(since: datetime | None, until: datetime | None, **fields: Any) -> MentionFilter:
    from sentiment.api import MentionFilter

    return MentionFilter(date_from=since.date() if since else None,
                         date_to=until.date() if until else None, **fields)


@click.group("mentions", cls=PantauGroup)
def mentions_group() -> None:
    """Pemberitaan yang tersimpan: daftar dan ekspor."""


@mentions_group.command("list")
@_filter_options
@click.option("--limit", type=int, default=50, show_default=True, help="Jumlah baris.")
def mentions_list(since: datetime | None, until: datetime | None, limit: int,
                  **fields: Any) -> None:
    """Tampilkan pemberitaan terbaru."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from pantau.core.timeutil import to_jakarta
    from sentiment.api import list_mentions

    flt = _filter(since, until, **fields)
    with session_scope() as session:
        rows = list_mentions(session, flt, limit=limit)
    if not rows:
        click.echo("Tidak ada pemberitaan yang cocok dengan filter.")
        return
    shown = [[r.mention_id, to_jakarta(r.published_at).strftime("%Y-%m-%d %H:%M"),
              r.media_type, r.outlet or "", r.title, r.profile or "", r.duplicate_group,
              r.tone or "-"] for r in rows]
    click.echo(table(["id", "terbit (WIB)", "jenis", "media", "judul", "profil", "grup",
                      "sentimen"], shown, right={"id", "grup"},
                     limits={"media": 24, "judul": 60}))


@mentions_group.command("export")
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "xlsx"]), default="csv",
              show_default=True, help="Format berkas.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Berkas tujuan (bawaan: pemberitaan.<format>).")
def mentions_export(since: datetime | None, until: datetime | None, fmt: str,
                    out: Path | None, **fields: Any) -> None:
    """Ekspor pemberitaan ke CSV, JSON Lines atau XLSX."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from sentiment.api import export_mentions

    flt = _filter(since, until, **fields)
    out = out or Path(f"pemberitaan.{fmt}")
    with session_scope() as session:
        count = export_mentions(session, flt, fmt=fmt, out=out)
    click.echo(f"{count} baris diekspor ke {out}")


@mentions_group.command("regroup")
def mentions_regroup() -> None:
    """Hitung ulang kelompok duplikat (setelah mengubah near_duplicate_distance)."""
    # deferred: keeps --help fast
    from collectors.api import regroup_duplicates
    from pantau.config import get_config
    from pantau.core.db import session_scope

    with session_scope() as session:
        groups = regroup_duplicates(
            session, max_distance=get_config().collect.near_duplicate_distance)
    click.echo(f"Selesai: {groups} cerita unik.")


@click.group("clippings", cls=PantauGroup)
def clippings_group() -> None:
    """Kliping media cetak, televisi dan radio."""


@clippings_group.command("import")
@click.argument("file", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--profile", default=None,
              help="Kaitkan setiap baris ke profil ini walau kuerinya tidak cocok.")
def clippings_import(file: Path, profile: str | None) -> None:
    """Impor kliping dari BERKAS CSV/XLSX (semua baris atau tidak sama sekali)."""
    # deferred: keeps --help fast
    from collectors.api import import_clippings
    from pantau.config import get_config

    result = import_clippings(file, config=get_config(), profile=profile)
    click.echo(f"{result.file}: {result.rows} baris, {result.new} baru, "
               f"{result.duplicates} sudah ada, {result.unmatched} tidak cocok dengan profil.")
