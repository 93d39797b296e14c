"""`pantau` commands of collectors: collect, sources, mentions list/export/regroup,
clippings import. Listing and exporting mentions shows their tone, so those two commands call
sentiment (`sentiment.api.MentionFilter`, the filter the web list and the API use too)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pantau.cli.base import DATE, PantauCommand, PantauGroup, period_option
from pantau.cli.output import table

if TYPE_CHECKING:
    from pantau.core.periods import Period
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


@click.group("sources", cls=PantauGroup, invoke_without_command=True)
@click.pass_context
def sources_group(ctx: click.Context) -> None:
    """Sumber pemberitaan: kesehatan tiap sumber, katalog media Indonesia, tambah dari
    katalog, periksa alamat. Tanpa subperintah: kesehatan tiap sumber."""
    if ctx.invoked_subcommand is None:
        _sources_health()


def _sources_health() -> None:
    # deferred: keeps --help fast
    from collectors.api import NO_ACTIVE_SOURCE, source_statuses
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        statuses = source_statuses(session, config=get_config())
        found = [[s.name, s.kind_label, s.state, format_wib(s.source.last_success_at),
                  format_wib(s.source.last_error_at), s.source.last_error,
                  s.source.items_total] for s in statuses]
    if not found:
        click.echo("Belum ada sumber. Tambahkan [[sources]] di berkas konfigurasi, atau "
                   "ambil dari katalog: pantau sources add --from-catalogue nasional")
        return
    click.echo(table(["sumber", "jenis", "aktif", "sukses terakhir", "galat terakhir",
                      "pesan galat", "butir"], found, right={"butir"},
                     limits={"pesan galat": 60}))
    active = sum(1 for s in statuses if s.collected)
    if not active:
        click.echo("\n" + NO_ACTIVE_SOURCE)
    else:
        click.echo(f"\n{active} sumber aktif dikumpulkan oleh `pantau collect` dan proses "
                   "harian.")
    if any(s.demo for s in statuses):
        click.echo("Sumber 'contoh demo' berasal dari `pantau demo`: alamatnya server lokal "
                   "yang hanya ada selama demo berjalan, jadi tidak dikumpulkan lagi.")


@sources_group.command("catalogue")
@click.option("--province", default=None, help="Provinsi (mis. 'Jawa Barat' atau 'jabar').")
@click.option("--scope", default=None, help="Lingkup: nasional, provinsi, kabupaten-kota.")
@click.option("--media-type", default=None, help="Jenis media: online, cetak, televisi, radio.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def sources_catalogue(province: str | None, scope: str | None, media_type: str | None,
                      as_json: bool) -> None:
    """Katalog media Indonesia bawaan Pantau (dengan koreksi kantor di
    PANTAU_HOME/outlets.csv)."""
    # deferred: keeps --help fast
    import json

    from collectors.api import load_catalogue

    outlets = load_catalogue().select(province=province, scope=scope, media_type=media_type)
    if as_json:
        click.echo(json.dumps([o.as_dict() for o in outlets], ensure_ascii=False, indent=2))
        return
    click.echo(table(["id", "nama", "jenis", "lingkup", "provinsi", "feed", "terverifikasi"],
                     [[o.id, o.name, o.media_type, o.scope, o.province or "-",
                       "ya" if o.feed_url or o.sitemap_url else "-",
                       "?" if o.dewan_pers_verified is None
                       else "ya" if o.dewan_pers_verified else "tidak"]
                      for o in outlets], limits={"nama": 40}))
    click.echo(f"\n{len(outlets)} media.")


@sources_group.command("add")
@click.option("--from-catalogue", "spec", required=True,
              help="nasional, semua, id media, atau nama provinsi.")
@click.option("--dry-run", is_flag=True, help="Tampilkan saja, jangan ubah konfigurasi.")
def sources_add(spec: str, dry_run: bool) -> None:
    """Tambahkan media dari katalog sebagai sumber di berkas konfigurasi (PANTAU_CONFIG)."""
    # deferred: keeps --help fast
    from collectors.api import load_catalogue, plan_sources, sources_toml
    from pantau.config import add_to_config_file, get_config

    plan = plan_sources(load_catalogue().selection(spec), get_config().sources)
    click.echo(f"Sumber baru: {len(plan.sources)}; sudah ada: {len(plan.already_configured)}; "
               f"tanpa feed atau sitemap: {len(plan.without_source)}.")
    if plan.without_source:
        click.echo("Tanpa feed/sitemap (ikuti lewat Google News atau isi feed_url di "
                   "PANTAU_HOME/outlets.csv): "
                   + ", ".join(o.name for o in plan.without_source[:20])
                   + (" ..." if len(plan.without_source) > 20 else ""))
    if not plan.sources:
        return
    text = sources_toml(plan.sources, comment=f"Dari katalog media Pantau: {spec}")
    if dry_run:
        click.echo("\n" + text)
        return
    path = add_to_config_file(text)
    click.echo(f"{len(plan.sources)} sumber ditambahkan ke {path}.")


@sources_group.command("check")
@click.option("--province", default=None, help="Hanya media provinsi ini.")
@click.option("--from-catalogue", "spec", default=None,
              help="nasional, semua, id media, atau nama provinsi (bawaan: semua).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def sources_check(province: str | None, spec: str | None, as_json: bool) -> None:
    """Periksa langsung beranda, feed dan sitemap media katalog (butuh jaringan)."""
    # deferred: keeps --help fast
    import json

    from collectors.api import check_outlets, load_catalogue
    from pantau.config import get_config

    catalogue = load_catalogue()
    outlets = (catalogue.select(province=province) if province
               else catalogue.selection(spec or "semua"))
    click.echo(f"Memeriksa {len(outlets)} media ...", err=True)
    results = check_outlets(outlets, collect=get_config().collect)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
        return
    dead = [r for r in results if not r.ok]
    click.echo(table(["media", "alamat", "url", "hasil"],
                     [[r.outlet, r.field, r.url, r.detail] for r in dead],
                     limits={"url": 60}))
    click.echo(f"\n{len(results) - len(dead)} dari {len(results)} alamat baik; "
               f"{len(dead)} bermasalah.")


_FILTER_OPTIONS = [
    period_option(),
    click.option("--since", type=DATE, default=None, help="Terbit sejak tanggal ini (WIB)."),
    click.option("--until", type=DATE, default=None, help="Terbit sampai tanggal ini (WIB)."),
    click.option("--profile", default=None, help="Nama profil pemantauan."),
    click.option("--source", default=None, help="Nama sumber (lihat `pantau sources`)."),
    click.option("--outlet", default=None, help="Nama media (sebagian nama cukup)."),
    click.option("--media-type", default=None,
                 help="Jenis media: online, cetak, televisi, radio, media sosial."),
    click.option("--tone", default=None,
                 help="Sentimen: positif, netral, negatif, atau belum (belum berlabel)."),
    click.option("--text", default=None, help="Kata dalam judul atau isi."),
    click.option("--unique", "unique_only", is_flag=True,
                 help="Hanya salinan pertama tiap cerita."),
]


def _filter_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_FILTER_OPTIONS):
        command = option(command)
    return command


def _filter(since: date | None, until: date | None, period: Period | None = None,
            **fields: Any) -> MentionFilter:
    from sentiment.api import MentionFilter

    if period is not None:
        if since or until:
            raise click.UsageError("Pakai --period atau --since/--until, bukan keduanya.")
        return MentionFilter(date_from=period.start, date_to=period.end, **fields)
    return MentionFilter(date_from=since, date_to=until, **fields)


def _check_names(session: Any, flt: MentionFilter) -> None:
    """An unknown --profile or --source is an error naming the known ones, not an empty
    list."""
    from collectors.api import known_name
    from pantau.config import get_config

    config = get_config()
    known_name(session, kind="profile", name=_as_name(flt.profile), configured=config.profiles)
    known_name(session, kind="source", name=_as_name(flt.source), configured=config.sources)


def _as_name(value: int | str | None) -> str | None:
    return value if isinstance(value, str) else None


@click.group("mentions", cls=PantauGroup)
def mentions_group() -> None:
    """Pemberitaan yang tersimpan: daftar dan ekspor."""


@mentions_group.command("list")
@_filter_options
@click.option("--limit", type=int, default=50, show_default=True, help="Jumlah baris.")
def mentions_list(since: date | None, until: date | None, limit: int,
                  **fields: Any) -> None:
    """Tampilkan pemberitaan terbaru."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from pantau.core.timeutil import to_jakarta
    from sentiment.api import list_mentions

    flt = _filter(since, until, **fields)
    with session_scope() as session:
        _check_names(session, flt)
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
def mentions_export(since: date | None, until: date | None, fmt: str,
                    out: Path | None, **fields: Any) -> None:
    """Ekspor pemberitaan ke CSV, JSON Lines atau XLSX."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from sentiment.api import export_mentions

    flt = _filter(since, until, **fields)
    out = out or Path(f"pemberitaan.{fmt}")
    with session_scope() as session:
        _check_names(session, flt)
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


@clippings_group.command("transcript")
@click.argument("file", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--channel", required=True, help="Stasiun TV atau radio, mis. 'TVRI'.")
@click.option("--programme", required=True, help="Nama acara, mis. 'Klik Indonesia Pagi'.")
@click.option("--aired", type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]),
              required=True, help="Waktu siar (WIB), mis. '2026-11-05 07:00'.")
@click.option("--media-type", type=click.Choice(["televisi", "radio"]), default="televisi",
              show_default=True, help="Jenis media siaran.")
@click.option("--profile", default=None, help="Hanya profil pemantauan ini.")
def clippings_transcript(file: Path, channel: str, programme: str, aired: datetime,
                         media_type: str, profile: str | None) -> None:
    """Impor transkrip siaran TV/radio (SRT, WebVTT, teks bertanda waktu) atau rekamannya
    (WAV, MP3, ...; perlu [speech] model dan paket pantau[transformers])."""
    # deferred: keeps --help fast
    from collectors.api import import_transcript, is_audio
    from pantau.config import get_config

    config = get_config()
    if is_audio(file):
        click.echo(f"Mentranskripsikan rekaman {file.name} ...", err=True)
    result = import_transcript(file, config=config, channel=channel, programme=programme,
                               aired_at=aired, media_type=media_type, profile=profile,
                               speech=config.speech)
    if result.duplicate:
        click.echo(f"{result.file}: siaran ini sudah pernah diimpor; tidak ada yang disimpan.")
        return
    click.echo(f"{result.file}: {result.cues} potongan teks; {result.passages} bagian menyebut "
               f"profil pemantauan; tersimpan sebagai satu pemberitaan {media_type}.")


@clippings_group.command("scan")
@click.argument("file", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--media", "outlet", required=True, help="Nama media, mis. 'Kompas'.")
@click.option("--date", "day", type=DATE, required=True, help="Tanggal terbit.")
@click.option("--title", default=None, help="Judul berita (bawaan: baris pertama hasil OCR).")
@click.option("--page", default=None, help="Halaman atau rubrik, mis. '5' atau 'Nusantara'.")
@click.option("--profile", default=None, help="Hanya profil pemantauan ini.")
def clippings_scan(file: Path, outlet: str, day: date, title: str | None, page: str | None,
                   profile: str | None) -> None:
    """Impor kliping cetak hasil pindai/foto/PDF (JPG, PNG, TIFF, PDF) dengan OCR."""
    # deferred: keeps --help fast
    from collectors.api import import_scan
    from pantau.config import get_config

    click.echo(f"Membaca {file.name} ...", err=True)
    result = import_scan(file, config=get_config(), outlet=outlet, day=day, title=title,
                         page=page, profile=profile)
    if not result.new:
        click.echo(f"{result.file}: berkas ini sudah pernah diimpor; tidak ada yang disimpan.")
        return
    how = "teks PDF" if result.method == "teks" else "OCR"
    click.echo(f"{result.file}: {result.pages} halaman dibaca ({how}); judul '{result.title}'; "
               f"cocok dengan {result.matched_profiles} profil.")
