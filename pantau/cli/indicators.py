"""`pantau plan ...`, `pantau indicators ...` and `pantau report ...`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pantau.cli.base import DATE, PantauCommand, PantauGroup, period_option
from pantau.cli.output import table

if TYPE_CHECKING:
    from sqlmodel import Session

    from pantau.core.periods import Period

FORMATS_PLAN = ("xlsx", "csv", "yaml")
# `pantau report media --kind`: the Indonesian name a user types -> the report's kind.
MEDIA_REPORT_KINDS = {"harian": "daily", "mingguan": "weekly", "bulanan": "monthly"}


def _formats(text: str, allowed: tuple[str, ...]) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in allowed]
    if bad or not formats:
        raise click.BadParameter(f"format {', '.join(bad) or '(kosong)'} tidak dikenal; "
                                 f"pilih dari {', '.join(allowed)}", param_hint="--format")
    return formats


def _default_out() -> Path:
    # deferred: keeps --help fast
    from pantau.core.settings import get_settings

    return get_settings().home / "laporan"


def _num(value: float | None) -> str:
    # deferred: keeps --help fast (render loads jinja2)
    from pantau.core.render import fmt_number

    return "-" if value is None else fmt_number(float(value))


# ---------------------------------------------------------------- plan


@click.group("plan", cls=PantauGroup)
def plan_group() -> None:
    """Rencana kinerja (RKT, IKU, PK): impor, daftar, tampilkan, ekspor."""


def _cli_actor() -> str:
    """Who acts from the command line, as the audit log names it."""
    # deferred: keeps --help fast
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@plan_group.command("import")
@click.argument("file", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--berlaku", "effective", type=DATE,
              help="Tanggal berlaku versi ini; bawaan: kolom berlaku_mulai di "
              "berkas, 1 Januari untuk versi pertama, hari ini untuk revisi.")
@click.option("--keterangan", "note", help="Keterangan revisi (mis. nomor dokumen revisi).")
@click.option("--unit", "org_unit", metavar="UNIT", default=None,
              help="Unit organisasi pemilik rencana ([[units]]; kosong: unit utama).")
def plan_import(file: Path, effective: date | None, note: str | None,
                org_unit: str | None) -> None:
    """Impor rencana dari BERKAS (.yaml, .csv, .xlsx). Bila rencana yang sama (jenis, unit
    kerja, tahun) sudah ada, berkas disimpan sebagai versi revisi; versi lama tetap ada."""
    # deferred: keeps --help fast
    from indicators.api import plan_label, read_plan, save_plan
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.errors import InputError
    from pantau.core.units import DEFAULT_UNIT

    org_unit = org_unit or DEFAULT_UNIT
    if org_unit not in get_config().unit_names():
        raise InputError(f"Unit '{org_unit}' tidak dikenal (lihat `pantau unit list`).")
    spec = read_plan(file)
    with session_scope() as session:
        result = save_plan(session, spec, source_file=file.name,
                           effective_from=effective, note=note,
                           by=_cli_actor(), org_unit=org_unit)
        label, pid = plan_label(result.plan), result.plan.id
        since = f"{result.version.effective_from:%d-%m-%Y}"
    if result.outcome == "sama":
        click.echo(f"Rencana {label} (ID {pid}) sama dengan versi {result.number} (berlaku "
                   f"{since}): tidak ada versi baru.")
        return
    verb = {"baru": "diimpor", "revisi": "direvisi", "koreksi": "dikoreksi"}[result.outcome]
    click.echo(f"Rencana {label} (ID {pid}) {verb}: versi {result.number}, berlaku {since}; "
               f"{len(spec.sasaran)} sasaran, {result.indicators} indikator.")
    if result.outcome != "baru":
        for line in result.changes or ["Tidak ada perubahan isi."]:
            click.echo(f"  - {line}")
        click.echo("Semua versi: `pantau plan versions " + str(pid) + "`.")


@plan_group.command("versions")
@click.argument("ref", metavar="ID_ATAU_NAMA")
def plan_versions(ref: str) -> None:
    """Daftar versi rencana: tanggal berlaku, berkas, dan apa yang berubah."""
    # deferred: keeps --help fast
    from indicators.api import find_plan, plan_label
    from indicators.api import plan_versions as versions_of
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        p = find_plan(session, ref)
        click.echo(f"{plan_label(p)} (ID {p.id})")
        for n, v in enumerate(versions_of(session, p), start=1):
            click.echo(f"\nVersi {n}: berlaku mulai {v.effective_from:%d-%m-%Y} "
                       f"(diimpor {format_wib(v.imported_at)} oleh {v.imported_by or '-'}, "
                       f"berkas {v.source_file or '-'})")
            if v.note:
                click.echo(f"  Keterangan: {v.note}")
            for line in v.changes:
                click.echo(f"  - {line}")


@plan_group.command("list")
@click.option("--year", type=int, help="Hanya rencana tahun ini.")
def plan_list(year: int | None) -> None:
    """Daftar rencana yang tersimpan."""
    # deferred: keeps --help fast
    from indicators.api import list_plans
    from pantau.core.db import session_scope

    with session_scope() as session:
        rows = list_plans(session, year)
        if not rows:
            click.echo("Belum ada rencana. Impor dengan `pantau plan import BERKAS`.")
            return
        click.echo(table(["ID", "jenis", "tahun", "indikator", "unit kerja"],
                         [[p.id, p.kind, p.year, n, p.unit] for p, n in rows],
                         right={"ID", "indikator"}))


@plan_group.command("show")
@click.argument("ref", metavar="ID_ATAU_NAMA")
@click.option("--version", "number", type=int,
              help="Nomor versi (lihat `pantau plan versions`); bawaan: versi terakhir.")
def plan_show(ref: str, number: int | None) -> None:
    """Tampilkan sasaran dan indikator sebuah rencana."""
    # deferred: keeps --help fast
    from indicators.api import SOURCE_LABELS, find_plan, plan_label, plan_structure
    from indicators.api import plan_versions as versions_of
    from pantau.core.db import session_scope

    with session_scope() as session:
        p = find_plan(session, ref)
        versions = versions_of(session, p)
        n = number or len(versions)
        if not 1 <= n <= len(versions):
            raise click.BadParameter(f"rencana ini memiliki versi 1 sampai {len(versions)}",
                                     param_hint="--version")
        v = versions[n - 1]
        click.echo(f"{plan_label(p)} (ID {p.id}), versi {n} dari {len(versions)}, berlaku "
                   f"mulai {v.effective_from:%d-%m-%Y}")
        if v.title:
            click.echo(v.title)
        for goal, inds in plan_structure(session, p, v):
            click.echo(f"\nSasaran {goal.code or goal.position}: {goal.text}")
            for i in inds:
                arah = "makin rendah makin baik" if i.polarity == "lower" else \
                    "makin tinggi makin baik"
                click.echo(f"  [{i.id}] {i.code or '-'} {i.name}")
                click.echo(f"      target {i.target_text} ({i.unit}, {arah}); "
                           f"sumber: {SOURCE_LABELS[i.source]}"
                           + (f", profil {i.profile}" if i.profile else "")
                           + (f", jenis media {i.media_type}" if i.media_type else "")
                           + (f", unit survei {i.survey_unit}" if i.survey_unit else ""))
                if i.quarter_targets:
                    click.echo("      target triwulan: " + "; ".join(
                        f"{q} {t}" for q, t in sorted(i.quarter_targets.items())))


@plan_group.command("export")
@click.argument("ref", metavar="ID_ATAU_NAMA")
@click.option("--format", "fmt", type=click.Choice(FORMATS_PLAN), default="yaml",
              show_default=True, help="Format berkas.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas keluaran (bawaan: rencana-JENIS-TAHUN.FORMAT).")
def plan_export(ref: str, fmt: str, out: Path | None) -> None:
    """Ekspor rencana ke XLSX, CSV atau YAML (skema yang sama dengan impor)."""
    # deferred: keeps --help fast
    from indicators.api import find_plan, plan_to_spec, write_plan
    from pantau.core.db import session_scope

    with session_scope() as session:
        p = find_plan(session, ref)
        spec = plan_to_spec(session, p)
    out = out or Path(f"rencana-{spec.kind.lower()}-{spec.year}-{p.id}.{fmt}")
    write_plan(spec, out, fmt)
    click.echo(f"Rencana ditulis ke {out}")


# ---------------------------------------------------------------- indicators


@click.group("indicators", cls=PantauGroup)
def indicators_group() -> None:
    """Nilai indikator per periode: hitung dan isi manual."""


@indicators_group.command("compute")
@click.option("--year", type=int, required=True, help="Tahun rencana.")
@period_option(default_text="tahun --year")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def indicators_compute(year: int, period: Period | None, as_json: bool) -> None:
    """Hitung realisasi, capaian dan status setiap indikator rencana tahun --year."""
    # deferred: keeps --help fast
    from indicators.api import COUNTING_BASIS_LABELS, compute_indicators
    from pantau.config import get_config
    from pantau.core.db import session_scope

    config = get_config()
    with session_scope() as session:
        values = compute_indicators(session, year=year, period=period,
                                    indicators=config.indicators, survey=config.survey)
    if as_json:
        click.echo(json.dumps([v.to_dict() for v in values], ensure_ascii=False, indent=2,
                              default=str))
        return
    if not values:
        click.echo(f"Tidak ada rencana untuk tahun {year}. Impor dengan `pantau plan import`.")
        return
    basis = config.indicators.counting_basis
    click.echo(f"Periode {values[0].period}; dasar penghitungan berita: "
               f"{COUNTING_BASIS_LABELS[basis]}")
    plan_name = None
    for v in values:
        if v.plan != plan_name:
            plan_name = v.plan
            click.echo(f"\n{v.plan}, versi {v.plan_version['number']} (berlaku mulai "
                       f"{v.plan_version['effective_from']})")
        click.echo(f"  [{v.indicator_id}] {v.name}: realisasi {_num(v.realisasi)} "
                   f"| target {v.target_text} ({v.comparator}) | capaian "
                   f"{_num(v.capaian) + '%' if v.capaian is not None else '-'} | {v.status}")
        for q in v.quarters:
            click.echo(f"      {q['period']}: realisasi {_num(q['realisasi'])} | target "
                       f"{q['target_text']} ({q['comparator']}) | capaian "
                       f"{_num(q['capaian']) + '%' if q['capaian'] is not None else '-'} "
                       f"| {q['status']} (versi {q['plan_version']['number']})")
        for conflict in v.inputs.get("konflik", []):
            click.echo(f"      Peringatan: {conflict}")


@indicators_group.command("set")
@click.argument("indicator", metavar="INDIKATOR")
@period_option(required=True)
@click.option("--value", type=float, required=True, help="Nilai realisasi.")
@click.option("--by", "by", required=True, help="Nama pengisi.")
@click.option("--evidence", help="Bukti: keterangan dokumen.")
@click.option("--link", help="Tautan bukti (http:// atau https://).")
@click.option("--plan", "plan_ref", help="ID rencana bila nama indikator ada di beberapa rencana.")
def indicators_set(indicator: str, period: Period, value: float, by: str,
                   evidence: str | None, link: str | None, plan_ref: str | None) -> None:
    """Isi nilai realisasi INDIKATOR (ID, kode atau nama) untuk suatu periode."""
    # deferred: keeps --help fast
    from indicators.api import find_indicator, set_manual_value
    from pantau.core.db import session_scope
    from pantau.core.render import fmt_number

    with session_scope() as session:
        ind = find_indicator(session, indicator, year=period.start.year, plan=plan_ref)
        set_manual_value(session, ind, period=period, value=value, by=by, evidence=evidence,
                         evidence_link=link)
        name = ind.name
    click.echo(f"Nilai {fmt_number(value)} untuk '{name}' periode {period.label} disimpan "
               f"(oleh {by}).")


@indicators_group.command("history")
@click.argument("indicator", metavar="INDIKATOR")
@click.option("--year", type=int, required=True, help="Tahun rencana.")
@period_option(default_text="semua periode")
@click.option("--plan", "plan_ref", help="ID rencana bila nama indikator ada di beberapa rencana.")
def indicators_history(indicator: str, year: int, period: Period | None,
                       plan_ref: str | None) -> None:
    """Riwayat nilai manual INDIKATOR: siapa, kapan, bukti, dan nilai sebelumnya."""
    # deferred: keeps --help fast
    from indicators.api import find_indicator, manual_value_history
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        ind = find_indicator(session, indicator, year=year, plan=plan_ref)
        changes = manual_value_history(session, ind, period)
        name = ind.name
    if not changes:
        click.echo(f"Belum ada nilai manual untuk '{name}'.")
        return
    click.echo(f"Riwayat nilai '{name}' (terbaru di atas)")
    click.echo(table(["periode", "nilai", "sebelumnya", "oleh", "waktu (WIB)", "bukti"],
                     [[c.period, _num(c.value), _num(c.previous), c.by, format_wib(c.at),
                       " ".join(x for x in (c.evidence, c.evidence_link) if x)]
                      for c in changes],
                     right={"nilai", "sebelumnya"}, limits={"bukti": 60}))


# ---------------------------------------------------------------- reports


@click.group("report", cls=PantauGroup)
def report_group() -> None:
    """Laporan: monitoring media dan capaian indikator."""


def _refuse_kind_as_period(_ctx: click.Context, _param: click.Parameter,
                           value: str | None) -> None:
    """`--period daily|weekly|monthly` was the report's kind; `--period` now always means a
    period (2025-S1), which this report does not take: say what to type instead."""
    if value is None:
        return
    kinds = dict(zip(MEDIA_REPORT_KINDS.values(), MEDIA_REPORT_KINDS, strict=True))
    kind = kinds.get(value.lower(), value if value in MEDIA_REPORT_KINDS else "harian")
    raise click.UsageError(
        f"`pantau report media` tidak memakai --period (--period selalu berarti periode, "
        f"mis. 2025-S1). Jenis laporan dipilih dengan --kind harian|mingguan|bulanan, "
        f"mis. `pantau report media --kind {kind} --date 2025-06-05`.")


@report_group.command("media")
@click.option("--kind", type=click.Choice(list(MEDIA_REPORT_KINDS)), default="harian",
              show_default=True, help="harian (hari --date), mingguan (7 hari s.d. --date), "
              "bulanan (bulan kalender --date).")
@click.option("--date", "day", type=DATE, required=True,
              help="Tanggal laporan.")
@click.option("--format", "fmt", default="html,pdf,xlsx", show_default=True,
              help="Satu atau beberapa dari html, pdf, xlsx, docx, pptx (dipisah koma).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder keluaran (bawaan: PANTAU_HOME/laporan).")
@click.option("--period", hidden=True, expose_value=False, is_eager=True,
              callback=_refuse_kind_as_period)
def report_media(kind: str, day: date, fmt: str, out_dir: Path | None) -> None:
    """Laporan monitoring media untuk pimpinan."""
    # deferred: keeps --help fast
    from indicators.api import write_media_report
    from pantau.config import get_config
    from pantau.core.db import session_scope

    period = MEDIA_REPORT_KINDS[kind]
    formats = _formats(fmt, ("html", "pdf", "xlsx", "docx", "pptx"))
    config = get_config()
    click.echo("Menyusun laporan monitoring media ...", err=True)
    with session_scope() as session:
        paths = write_media_report(session, kind=period, day=day, formats=formats,
                                   out_dir=out_dir or _default_out(),
                                   indicators=config.indicators,
                                   institution=config.institution,
                                   comparisons=config.comparisons)
    for path in paths:
        click.echo(f"  {path}")


@report_group.command("indicators")
@click.option("--year", type=int, required=True, help="Tahun rencana.")
@period_option(default_text="tahun --year")
@click.option("--format", "fmt", default="xlsx,pdf", show_default=True,
              help="Satu atau beberapa dari xlsx, pdf, html, docx, pptx (dipisah koma).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder keluaran (bawaan: PANTAU_HOME/laporan).")
def report_indicators(year: int, period: Period | None, fmt: str,
                      out_dir: Path | None) -> None:
    """Tabel capaian indikator rencana tahun --year."""
    # deferred: keeps --help fast
    from indicators.api import write_indicator_report
    from pantau.config import get_config
    from pantau.core.db import session_scope

    formats = _formats(fmt, ("xlsx", "pdf", "html", "docx", "pptx"))
    config = get_config()
    with session_scope() as session:
        paths = write_indicator_report(session, year=year, period=period, formats=formats,
                                       out_dir=out_dir or _default_out(),
                                       indicators=config.indicators, survey=config.survey,
                                       institution=config.institution)
    for path in paths:
        click.echo(f"  {path}")


@report_group.command("analysis")
@click.option("--kind", type=click.Choice(list(MEDIA_REPORT_KINDS)), default="harian",
              show_default=True, help="Jenis laporan: harian, mingguan, bulanan.")
@click.option("--date", "day", type=DATE, required=True,
              help="Tanggal laporan, seperti pada `pantau report media`.")
@click.option("--conclusion", "conclusion_file", metavar="BERKAS",
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Berkas teks berisi kesimpulan (UTF-8).")
@click.option("--recommendations", "advice_file", metavar="BERKAS",
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Berkas teks berisi saran (UTF-8).")
@click.option("--draft", is_flag=True, help="Tampilkan draf dari angka periode itu.")
def report_analysis(kind: str, day: date, conclusion_file: Path | None,
                    advice_file: Path | None, draft: bool) -> None:
    """Kesimpulan dan saran analis untuk laporan media (tampilkan atau simpan)."""
    # deferred: keeps --help fast
    from indicators.api import get_analysis, media_analysis_draft, save_analysis
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    period = MEDIA_REPORT_KINDS[kind]

    def read(path: Path | None) -> str | None:
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise click.ClickException(f"{path}: bukan teks UTF-8 (bita ke-{exc.start}).") \
                from exc

    conclusion, advice = read(conclusion_file), read(advice_file)
    config = get_config()
    with session_scope() as session:
        stored = get_analysis(session, kind=period, day=day)
        if conclusion is not None or advice is not None:
            row = save_analysis(
                session, kind=period, day=day, by=_cli_actor(),
                conclusion=conclusion if conclusion is not None else
                (stored.conclusion if stored else ""),
                recommendations=advice if advice is not None else
                (stored.recommendations if stored else ""))
            click.echo(f"Analisis laporan {kind} {day:%Y-%m-%d} disimpan oleh {row.updated_by}.")
            return
        if draft or stored is None:
            text = media_analysis_draft(session, kind=period, day=day,
                                        indicators=config.indicators)
            click.echo("Draf dari angka periode ini (belum disimpan):"
                       if stored is None or draft else "")
            conclusion, advice = text.conclusion, text.recommendations
        else:
            click.echo(f"Ditulis oleh {stored.updated_by}, {format_wib(stored.updated_at)}.")
            conclusion, advice = stored.conclusion, stored.recommendations
        click.echo(f"\nKesimpulan:\n{conclusion or '-'}\n\nSaran:\n{advice or '-'}")


# ---------------------------------------------------------------- follow-up of negative news




@click.group("followup", cls=PantauGroup)
def followup_group() -> None:
    """Tindak lanjut pemberitaan negatif: antrean, ubah, riwayat."""


def _followup_scope(session: Session, org_unit: str | None) -> tuple[str, frozenset[int] | None]:
    """The unit whose follow-ups a command reads or writes (`--unit`; the default unit), and
    the profiles whose stories count: with `--unit` the unit's own, else every profile."""
    # deferred: keeps --help fast
    from collectors.api import unit_profile_ids
    from pantau.config import get_config
    from pantau.core.errors import InputError
    from pantau.core.units import DEFAULT_UNIT

    if org_unit is None:
        return DEFAULT_UNIT, None
    config = get_config()
    if org_unit not in config.unit_names():
        raise InputError(f"Unit '{org_unit}' tidak dikenal (lihat `pantau unit list`).")
    return org_unit, unit_profile_ids(session, profiles=config.profiles, units={org_unit})


@followup_group.command("list")
@click.option("--status", default="terbuka", show_default=True,
              help="terbuka (baru dan ditangani), baru, ditangani, selesai, atau semua.")
@period_option(default_text="semua periode")
@click.option("--profile", default=None, help="Nama profil pemantauan.")
@click.option("--owner", default=None, help="Penanggung jawab (sebagian nama cukup).")
@click.option("--limit", type=int, default=50, show_default=True, help="Jumlah baris.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.option("--unit", "org_unit", metavar="UNIT", default=None,
              help="Unit organisasi pemilik tindak lanjut ([[units]]; kosong: unit utama).")
def followup_list(status: str, period: Period | None, profile: str | None, owner: str | None,
                  limit: int, as_json: bool, org_unit: str | None) -> None:
    """Antrean pemberitaan negatif, paling mendesak dahulu (tenggat lewat, jangkauan media,
    umur)."""
    # deferred: keeps --help fast
    from indicators.api import QueueFilter, followup_queue
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        unit, within = _followup_scope(session, org_unit)
        flt = QueueFilter(period=period, status=None if status == "semua" else status,
                          profile=profile, owner=owner, within=within, unit=unit)
        items = followup_queue(session, flt, limit=limit)
        rows = [{"id": i.story_id, "terbit": format_wib(i.published_at, "%Y-%m-%d %H:%M"),
                 "media": i.outlet or i.media_type, "jangkauan": i.reach, "judul": i.title,
                 "tindakan": i.action or "", "penanggung_jawab": i.owner or "",
                 "tenggat": i.deadline.isoformat() if i.deadline else "",
                 "status": i.status} for i in items]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("Tidak ada pemberitaan negatif yang cocok.")
        return
    click.echo(table(["id", "terbit (WIB)", "media", "jangkauan", "judul", "tindakan",
                      "penanggung jawab", "tenggat", "status"],
                     [list(r.values()) for r in rows], right={"id"},
                     limits={"media": 20, "judul": 50, "penanggung jawab": 20}))


@followup_group.command("set")
@click.argument("mention_id", metavar="ID", type=int)
@click.option("--action", default=None,
              help="klarifikasi, hak-jawab, siaran-pers, koordinasi, tidak-perlu.")
@click.option("--owner", default=None, help="Penanggung jawab.")
@click.option("--deadline", default=None, help="Tenggat (YYYY-MM-DD); kosong: hapus.")
@click.option("--status", default=None, help="baru, ditangani, selesai.")
@click.option("--outcome", default=None, help="Hasil tindak lanjut.")
@click.option("--link", "links", multiple=True,
              help="Tautan tanggapan yang terbit (boleh berulang; menggantikan yang lama).")
@click.option("--by", default=None, help="Nama yang mengubah (bawaan: cli:<pengguna OS>).")
@click.option("--unit", "org_unit", metavar="UNIT", default=None,
              help="Unit organisasi pemilik tindak lanjut ([[units]]; kosong: unit utama).")
def followup_set(mention_id: int, action: str | None, owner: str | None,
                 deadline: str | None, status: str | None, outcome: str | None,
                 links: tuple[str, ...], by: str | None, org_unit: str | None) -> None:
    """Isi atau ubah tindak lanjut cerita pemberitaan ID (berlaku untuk semua salinannya)."""
    # deferred: keeps --help fast
    from indicators.api import FOLLOWUP_ACTIONS, followup_story, update_followup
    from pantau.core.db import session_scope

    typed = {"action": action, "owner": owner, "deadline": deadline, "status": status,
             "outcome": outcome}
    changes: dict[str, object] = {k: v for k, v in typed.items() if v is not None}
    if links:
        changes["links"] = list(links)
    if not changes:
        raise click.UsageError("Tidak ada yang diubah: beri --action, --owner, --deadline, "
                               "--status, --outcome atau --link.")
    with session_scope() as session:
        unit, within = _followup_scope(session, org_unit)
        f = update_followup(session, mention_id, by=by or _cli_actor(), changes=changes,
                            unit=unit, within=within)
        click.echo(f"Tindak lanjut cerita {followup_story(session, f)}: "
                   f"{FOLLOWUP_ACTIONS.get(f.action or '', 'tindakan belum dipilih')}, "
                   f"status {f.status}, penanggung jawab {f.owner or '-'}, tenggat "
                   f"{f.deadline.isoformat() if f.deadline else '-'}.")


@followup_group.command("show")
@click.argument("mention_id", metavar="ID", type=int)
@click.option("--unit", "org_unit", metavar="UNIT", default=None,
              help="Unit organisasi pemilik tindak lanjut ([[units]]; kosong: unit utama).")
def followup_show(mention_id: int, org_unit: str | None) -> None:
    """Tindak lanjut cerita pemberitaan ID dan riwayat perubahannya."""
    # deferred: keeps --help fast
    from indicators.api import (
        FOLLOWUP_ACTIONS,
        followup_history,
        followup_story,
        get_followup,
    )
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        unit, _within = _followup_scope(session, org_unit)
        f = get_followup(session, mention_id, unit=unit)
        if f is None:
            click.echo(f"Cerita pemberitaan {mention_id} belum punya tindak lanjut.")
            return
        click.echo(f"Cerita {followup_story(session, f)}\n"
                   f"  tindakan         : {FOLLOWUP_ACTIONS.get(f.action or '', '-')}\n"
                   f"  penanggung jawab : {f.owner or '-'}\n"
                   f"  tenggat          : {f.deadline.isoformat() if f.deadline else '-'}\n"
                   f"  status           : {f.status}\n"
                   f"  hasil            : {f.outcome or '-'}\n"
                   f"  tautan           : {' '.join(f.links) or '-'}")
        rows = [[format_wib(c.at, "%Y-%m-%d %H:%M"), c.by, name, before, after]
                for c in followup_history(session, mention_id, unit=unit)
                for name, before, after in c.fields]
    click.echo("\nRiwayat:")
    click.echo(table(["waktu (WIB)", "oleh", "isian", "sebelum", "sesudah"], rows,
                     limits={"sebelum": 40, "sesudah": 40}))


def _month_or(period: Period | None) -> Period:
    # deferred: keeps --help fast
    from pantau.core.periods import month
    from pantau.core.timeutil import to_jakarta, utcnow

    if period is not None:
        return period
    today = to_jakarta(utcnow()).date()
    return month(today.year, today.month)


def _pct_text(value: float | None) -> str:
    from pantau.core.render import fmt_number  # deferred: keeps --help fast

    return "-" if value is None else f"{fmt_number(value)}%"


@click.command("people", cls=PantauCommand)
@period_option(default_text="bulan berjalan")
@click.option("--profile", default=None, metavar="PROFIL",
              help="Hanya profil ini (bawaan: semua profil instansi sendiri).")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True,
              help="Jumlah narasumber.")
def people_command(period: Period | None, profile: str | None, limit: int) -> None:
    """Narasumber yang dikutip: satu baris per orang, dengan sentimen beritanya."""
    # deferred: keeps --help fast
    from indicators.api import people_directory, quoted_people
    from pantau.config import get_config
    from pantau.core.db import session_scope

    config = get_config()
    span = _month_or(period)
    directory = people_directory(institution=config.institution.name,
                                 officials=config.institution.officials,
                                 comparisons=config.comparisons)
    with session_scope() as session:
        result = quoted_people(session, period=span, indicators=config.indicators,
                               profile=profile, directory=directory, top=limit)
    click.echo(f"Narasumber periode {span.label}:")
    if not result.people:
        click.echo("Tidak ditemukan kutipan narasumber pada periode ini.")
        return
    rows = [[p.name + (" *" if p.own else ""), p.title or "-", p.institution or "-",
             p.mentions, p.tones.positif, p.tones.netral, p.tones.negatif,
             _pct_text(p.tones.negative_share)] for p in result.people]
    click.echo(table(["narasumber", "jabatan", "instansi", "berita", "positif", "netral",
                      "negatif", "% negatif"], rows,
                     right={"berita", "positif", "netral", "negatif", "% negatif"},
                     limits={"jabatan": 40}))
    if any(p.own for p in result.people):
        click.echo("* pejabat instansi sendiri ([[institution.officials]])")
    if result.total > result.read:
        click.echo(f"Dihitung dari {result.read} dari {result.total} berita (sampel merata).")


@click.command("share-of-voice", cls=PantauCommand)
@period_option(default_text="bulan berjalan")
@click.option("--profile", default=None, metavar="PROFIL",
              help="Profil instansi sendiri (bawaan: semua profil instansi sendiri).")
def share_of_voice_command(period: Period | None, profile: str | None) -> None:
    """Pangsa pemberitaan dan sentimen dibanding instansi pembanding ([[comparisons]])."""
    # deferred: keeps --help fast
    from indicators.api import share_of_voice
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.errors import ConfigError

    config = get_config()
    if not config.comparisons:
        raise ConfigError("Belum ada instansi pembanding: tambahkan [[comparisons]] (nama dan "
                          "profil) ke berkas konfigurasi, lihat README.")
    span = _month_or(period)
    with session_scope() as session:
        v = share_of_voice(session, period=span, indicators=config.indicators,
                           institution=config.institution.name,
                           comparisons=config.comparisons, profile=profile, series=False)
    click.echo(f"Pangsa pemberitaan periode {span.label} (dibanding {v.previous.label}):")
    rows = [[r.name + (" *" if r.own else ""), r.tones.total, _pct_text(r.share),
             r.tones.positif, r.tones.netral, r.tones.negatif,
             _pct_text(r.tones.negative_share), r.previous.total]
            for r in v.rows]
    click.echo(table(["instansi", "berita", "pangsa", "positif", "netral", "negatif",
                      "% negatif", "sebelumnya"], rows,
                     right={"berita", "pangsa", "positif", "netral", "negatif", "% negatif",
                            "sebelumnya"}))
    click.echo("* instansi sendiri")
    for r in v.rows:
        if r.missing:
            click.echo(f"Profil '{r.profile}' ({r.name}) belum ada di basis data: jalankan "
                       "pantau collect.")
