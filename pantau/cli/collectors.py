"""`pantau` commands of collectors: collect, sources, mentions list/export/regroup,
clippings import."""

from __future__ import annotations

from pathlib import Path

import click

from pantau.cli.base import PantauCommand, PantauGroup
from pantau.cli.output import table


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.command("collect", cls=PantauCommand)
@click.option("--profile", default=None, help="Hanya profil pemantauan ini.")
@click.option("--source", default=None, help="Hanya sumber ini (nama di konfigurasi).")
def collect_command(profile: str | None, source: str | None) -> None:
    """Kumpulkan pemberitaan dari semua sumber yang dikonfigurasi."""
    # deferred: keeps --help fast
    from collectors.service import collect

    results = collect(profile=profile, source=source, progress=_echo_err)
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
    from sqlalchemy import select

    from collectors.models import Source
    from collectors.service import sync_config
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        sync_config(session, get_config())
        rows = list(session.exec(select(Source).order_by(Source.name)).scalars())  # type: ignore[call-overload, arg-type]
        found = [[s.name, s.kind, "ya" if s.enabled else "tidak",
                  format_wib(s.last_success_at), format_wib(s.last_error_at),
                  s.last_error, s.items_total] for s in rows]
    if not found:
        click.echo("Belum ada sumber. Tambahkan [[sources]] di berkas konfigurasi.")
        return
    click.echo(table(["sumber", "jenis", "aktif", "sukses terakhir", "galat terakhir",
                      "pesan galat", "butir"], found, right={"butir"},
                     limits={"pesan galat": 60}))


def _filter_options(f):  # type: ignore[no-untyped-def]
    f = click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Terbit sejak tanggal ini (YYYY-MM-DD, WIB).")(f)
    f = click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Terbit sampai tanggal ini (YYYY-MM-DD, WIB).")(f)
    f = click.option("--profile", default=None, help="Nama profil pemantauan.")(f)
    f = click.option("--media-type", default=None,
                     type=click.Choice(["online", "cetak", "televisi", "radio",
                                        "media sosial"]),
                     help="Jenis media.")(f)
    f = click.option("--outlet", default=None, help="Nama media (sebagian nama cukup).")(f)
    return f


def _filter(since, until, profile, media_type, outlet, limit=None):  # type: ignore[no-untyped-def]
    # deferred: keeps --help fast
    from collectors.mentions import MentionFilter

    return MentionFilter(since=since.date() if since else None,
                         until=until.date() if until else None, profile=profile,
                         media_type=media_type, outlet=outlet, limit=limit)


@click.group("mentions", cls=PantauGroup)
def mentions_group() -> None:
    """Pemberitaan yang tersimpan: daftar dan ekspor."""


@mentions_group.command("list")
@_filter_options
@click.option("--limit", type=int, default=50, show_default=True, help="Jumlah baris.")
def mentions_list(since, until, profile, media_type, outlet, limit) -> None:  # type: ignore[no-untyped-def]
    """Tampilkan pemberitaan terbaru."""
    # deferred: keeps --help fast
    from collectors.mentions import mention_rows
    from pantau.core.db import session_scope

    with session_scope() as session:
        rows = mention_rows(session, _filter(since, until, profile, media_type, outlet, limit))
    if not rows:
        click.echo("Tidak ada pemberitaan yang cocok dengan filter.")
        return
    shown = [[r["id"], r["published_at"][:16].replace("T", " "), r["media_type"],
              r["outlet"], r["title"], r["profile"], r["duplicate_group"], r["sentiment"]]
             for r in rows]
    click.echo(table(["id", "terbit (WIB)", "jenis", "media", "judul", "profil", "grup",
                      "sentimen"], shown, right={"id", "grup"},
                     limits={"media": 24, "judul": 60}))


@mentions_group.command("export")
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "xlsx"]), default="csv",
              show_default=True, help="Format berkas.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Berkas tujuan (bawaan: pemberitaan.<format>).")
def mentions_export(since, until, profile, media_type, outlet, fmt, out) -> None:  # type: ignore[no-untyped-def]
    """Ekspor pemberitaan ke CSV, JSON Lines atau XLSX."""
    # deferred: keeps --help fast
    from collectors.mentions import export_mentions
    from pantau.core.db import session_scope

    out = out or Path(f"pemberitaan.{fmt}")
    with session_scope() as session:
        count = export_mentions(session, _filter(since, until, profile, media_type, outlet),
                                fmt, out)
    click.echo(f"{count} baris diekspor ke {out}")


@mentions_group.command("regroup")
def mentions_regroup() -> None:
    """Hitung ulang kelompok duplikat (setelah mengubah near_duplicate_distance)."""
    # deferred: keeps --help fast
    from collectors.mentions import regroup_duplicates
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
    from collectors.clippings import import_clippings

    result = import_clippings(file, profile=profile)
    click.echo(f"{result.file}: {result.rows} baris, {result.new} baru, "
               f"{result.duplicates} sudah ada, {result.unmatched} tidak cocok dengan profil.")
