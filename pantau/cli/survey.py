"""`pantau survey ...`: import responses, score, report, blank template, list units."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pantau.cli.base import PantauGroup, cli_actor, confirm, period_option
from pantau.cli.output import table
from pantau.core.errors import InputError
from pantau.core.timeutil import format_wib

if TYPE_CHECKING:
    from survey.config import SurveyConfig


def _survey_config() -> SurveyConfig:
    """The `[survey]` section, read here at the edge and passed to the domain."""
    from pantau.config import get_config  # deferred: loads every domain's config model

    return get_config().survey


@click.group("survey", cls=PantauGroup)
def survey_group() -> None:
    """Survei Kepuasan Masyarakat (SKM, PermenPANRB 14/2017)."""


@survey_group.command("import")
@click.argument("file", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--unit", required=True,
              help="Kode atau nama unit layanan yang terdaftar (lihat `pantau survey units`).")
@period_option(required=True)
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas pemetaan kolom (TOML, YAML atau CSV: judul kolom -> isian).")
@click.option("--dry-run", is_flag=True, help="Hanya periksa berkas; tidak ada yang disimpan.")
@click.option("--skip-invalid", is_flag=True,
              help="Simpan baris yang valid; baris yang ditolak ditulis ke berkas terpisah.")
@click.option("--rejected", "rejected_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas baris yang ditolak (bawaan: <nama berkas>-ditolak.csv).")
@click.option("--new-unit", is_flag=True,
              help="Buat unit layanan baru bernama --unit bila belum terdaftar (tanpa ini, "
                   "kode unit yang tidak dikenal ditolak).")
@click.option("--keep-duplicates", is_flag=True,
              help="Simpan juga baris yang sama persis dengan baris impor sebelumnya untuk "
                   "unit dan periode yang sama (bawaan: dilewati).")
def survey_import(file: Path, unit: str, period, mapping: Path | None, dry_run: bool,  # type: ignore[no-untyped-def]
                   skip_invalid: bool, rejected_path: Path | None, new_unit: bool,
                   keep_duplicates: bool) -> None:
    """Impor respons survei dari BERKAS (CSV atau XLSX) ke unit layanan yang terdaftar."""
    # deferred: keeps --help fast
    from survey.api import UnknownUnitError, import_file

    def progress(rows: int) -> None:
        click.echo(f"  {rows:,} baris diproses".replace(",", "."), err=True)

    try:
        result = import_file(file, survey=_survey_config(), unit=unit, period=period,
                             mapping=mapping, dry_run=dry_run, skip_invalid=skip_invalid,
                             rejected_path=rejected_path, progress=progress,
                             actor=cli_actor(), new_unit=new_unit,
                             keep_duplicates=keep_duplicates)
    except UnknownUnitError as exc:
        raise InputError(
            f"{exc} Periksa ejaan kodenya. Bila ini memang unit layanan baru, tambahkan ke "
            "daftar unit layanan (survey.units) di berkas konfigurasi, atau ulangi perintah "
            "dengan --new-unit.") from None
    if dry_run and not result.ok:
        raise InputError(result.summary(), [str(p) for p in result.problems[:200]])
    if skip_invalid and result.problems:
        click.echo("Baris yang ditolak:", err=True)
        for problem in result.problems[:50]:
            click.echo(f"  - {problem}", err=True)
        if result.problem_count > 50:
            click.echo(f"  ... dan {result.problem_count - 50} masalah lain", err=True)
    click.echo(result.summary())


@survey_group.command("score")
@click.option("--unit", default=None, help="Kode atau nama unit layanan (bawaan: semua unit).")
@period_option(required=True)
@click.option("--service", default=None, help="Hanya satu jenis layanan.")
@click.option("--weights", default=None, metavar="VARIAN",
              help="Varian bobot untuk mencocokkan angka yang sudah terbit: 0,111 | 0,111-r3 "
                   "(NRR tertimbang dibulatkan 3 desimal) | 0,11. Bawaan: bobot baku.")
@click.option("--json", "as_json", is_flag=True, help="Cetak satu objek JSON.")
def survey_score(unit: str | None, period, service: str | None, weights: str | None,  # type: ignore[no-untyped-def]
                 as_json: bool) -> None:
    """Hitung NRR per unsur, IKM, selang kepercayaan 95% dan mutu pelayanan."""
    # deferred: keeps --help fast
    from pantau.core import render
    from pantau.core.db import session_scope
    from survey.api import score_unit

    with session_scope() as session:
        score = score_unit(session, survey=_survey_config(), unit=unit, period=period,
                           service=service, weights=weights)
    if as_json:
        click.echo(json.dumps(score.to_dict(), ensure_ascii=False, indent=2))
        return
    scope = f"unit {score.unit}" if score.unit else "semua unit"
    if score.service:
        scope += f", layanan {score.service}"
    click.echo(f"Survei Kepuasan Masyarakat - {scope}, periode {period.label} ({period.code})")
    if score.respondents == 0:
        raise InputError(f"Belum ada respons survei untuk {scope} pada periode {period.code}.")
    click.echo(f"Responden: {score.respondents}")
    decimals = 3 if score.method == "14/2017" else 2
    click.echo(table(["kode", "unsur", "NRR", "NRR tertimbang", "mutu"],
                     [[e.code, e.name, render.fmt_number(e.nrr_printed, decimals),
                       render.fmt_number(e.weighted_printed, 3), f"{e.grade} ({e.label})"]
                      for e in score.elements], right={"NRR", "NRR tertimbang"}))
    click.echo(f"IKM: {render.fmt_number(score.ikm)}  Mutu: {score.grade} ({score.label})")
    if score.ci95:
        click.echo(f"Selang kepercayaan 95%: {render.fmt_number(score.ci95[0])} - "
                   f"{render.fmt_number(score.ci95[1])}")
    click.echo(f"Metode: {score.method_label}")
    click.echo(score.sample_statement)
    if score.population is None:
        click.echo("  (Populasi diisi per unit layanan: kunci population pada unit tersebut "
                   "di bagian survey.units berkas konfigurasi.)")
    click.echo("Prioritas perbaikan: " + ", ".join(score.priorities))
    if score.sample_warning:
        click.echo(f"Peringatan: {score.sample_warning}", err=True)


@survey_group.command("report")
@click.option("--unit", default=None, help="Kode atau nama unit layanan (bawaan: semua unit).")
@period_option(required=True)
@click.option("--service", default=None, help="Hanya satu jenis layanan.")
@click.option("--format", "formats", default="xlsx,html,pdf,docx", show_default=True,
              help="Format dipisah koma: xlsx, html, pdf, docx.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("laporan-skm"), show_default=True, help="Folder keluaran.")
@click.option("--weights", default=None, metavar="VARIAN",
              help="Varian bobot rekonsiliasi (0,111 | 0,111-r3 | 0,11); bawaan: bobot baku.")
def survey_report(unit: str | None, period, service: str | None, formats: str,  # type: ignore[no-untyped-def]
                   out_dir: Path, weights: str | None) -> None:
    """Tulis laporan SKM (XLSX, HTML, PDF, DOCX)."""
    # deferred: keeps --help fast
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from survey.api import write_survey_report

    config = get_config()
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    with session_scope() as session:
        paths = write_survey_report(session, survey=config.survey,
                                    institution=config.institution.name, unit=unit,
                                    period=period, formats=wanted, out_dir=out_dir,
                                    service=service, weights=weights)
    click.echo("Laporan ditulis:")
    for path in paths:
        click.echo(f"  {path}")


@survey_group.command("template")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None,
              help="Berkas tujuan: .xlsx atau .csv. [bawaan: templat-skm.xlsx; "
                   "templat-skm-25-2004.xlsx untuk metode 25/2004]")
@click.option("--unit", default=None,
              help="Cantumkan jenis layanan unit ini di petunjuk dan pakai metode unit ini.")
@click.option("--metode", "method", type=click.Choice(["14/2017", "25/2004"]), default=None,
              help="Kuesioner: 14/2017 (9 unsur) atau 25/2004 (14 unsur). [bawaan: metode "
                   "unit, atau metode [survey]]")
def survey_template(out_path: Path | None, unit: str | None, method: str | None) -> None:
    """Tulis templat kosong (XLSX/CSV) untuk diisi petugas survei."""
    # deferred: keeps --help fast
    from survey.api import template_name, unit_config, unit_method, write_template

    survey = _survey_config()
    conf = unit_config(survey, unit) if unit else None
    chosen = method or unit_method(survey, conf)
    path = write_template(out_path or Path(template_name(chosen)),
                          services=conf.services if conf else None, method=chosen)
    click.echo(f"Templat ditulis: {path} (kuesioner metode {chosen})")


@survey_group.command("batches")
def survey_batches() -> None:
    """Daftar impor berkas: nomor, waktu, berkas, unit, periode, jumlah respons."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from survey.api import list_batches

    with session_scope() as session:
        rows = list_batches(session)
    if not rows:
        click.echo("Belum ada berkas yang diimpor.")
        return
    click.echo(table(["No.", "waktu", "berkas", "unit", "periode", "respons", "ditolak"],
                     [[batch.id, format_wib(batch.imported_at), batch.file_name, unit, period,
                       batch.rows_stored, batch.rows_rejected] for batch, unit, period in rows],
                     right={"No.", "respons", "ditolak"}, limits={"berkas": 40}))


@survey_group.command("remove-batch")
@click.argument("batch_id", metavar="NOMOR", type=int)
@click.option("--yes", is_flag=True, help="Hapus tanpa bertanya.")
@click.option("--by", "by", default="", help="Nama yang menghapus (log audit); bawaan: nama "
              "login sistem.")
def survey_remove_batch(batch_id: int, yes: bool, by: str) -> None:
    """Hapus impor NOMOR beserta responsnya (mis. salah unit atau periode)."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from survey.api import get_batch, remove_batch

    actor = _known_actor(by) if by.strip() else cli_actor()
    with session_scope() as session:  # a number that does not exist is said before asking
        batch = get_batch(session, batch_id)
        what = f"{batch.file_name}, {batch.rows_stored} respons"
    if not yes:
        confirm(f"Hapus impor nomor {batch_id} ({what}) beserta semua responsnya?")
    with session_scope() as session:
        removed = remove_batch(session, batch_id, actor=actor)
    click.echo(f"Impor nomor {batch_id} dihapus: {removed} respons. Berkasnya dapat diimpor "
               "ulang.")


def _known_actor(by: str) -> str:
    """`--by` as the audit log will name it: when the deployment has users, one of them
    (any letter case), so the log never names someone who is not a user."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from pantau.web.users import list_users

    name = by.strip()
    with session_scope() as session:
        users = {u.username.lower(): u.username for u in list_users(session)}
    if not users:
        return name
    if name.lower() not in users:
        known = sorted(users.values())
        listed = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
        raise InputError(f"Pengguna '{name}' tidak ditemukan. Pengguna terdaftar: {listed}. "
                         "Lihat `pantau user list`.")
    return users[name.lower()]


@survey_group.command("units")
def survey_units() -> None:
    """Daftar unit layanan, layanannya dan jumlah respons."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from survey.api import min_sample, unit_summaries

    with session_scope() as session:
        summaries = unit_summaries(session, survey=_survey_config())
    if not summaries:
        click.echo("Belum ada unit layanan. Tambahkan [[survey.units]] di berkas "
                   "konfigurasi atau impor berkas dengan --unit KODE --new-unit.")
        return
    for summary in summaries:
        unit = summary.unit
        line = f"{unit.code}: {unit.name} - {summary.responses} respons"
        if unit.population:
            line += (f", populasi {unit.population} (sampel minimum "
                     f"{min_sample(unit.population)})")
        click.echo(line)
        for service in summary.services:
            click.echo(f"    - {service.name}")


@survey_group.group("rtl", cls=PantauGroup)
def rtl_group() -> None:
    """Rencana tindak lanjut (RTL) untuk unsur terlemah per unit dan periode."""


def _parse_deadline(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"Batas waktu '{text}' tidak dapat dibaca; tulis YYYY-MM-DD, "
                         "mis. 2025-09-30.") from None


@rtl_group.command("list")
@click.option("--unit", default=None, help="Kode atau nama unit layanan (bawaan: semua unit).")
@period_option(required=False)
def survey_rtl_list(unit: str | None, period) -> None:  # type: ignore[no-untyped-def]
    """Daftar rencana tindak lanjut."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from survey.api import STATUS_LABELS, list_followups

    with session_scope() as session:
        rows = list_followups(session, survey=_survey_config(), unit=unit, period=period)
        lines = [[r.item.id, r.unit_code, r.item.period, f"{r.item.element} {r.element_name}",
                  r.item.action, r.item.owner,
                  r.item.deadline.isoformat() if r.item.deadline else "-",
                  r.item.evidence or "-", STATUS_LABELS.get(r.item.status, r.item.status)]
                 for r in rows]
    if not lines:
        click.echo("Belum ada rencana tindak lanjut. Tambahkan dengan `pantau survey rtl add`.")
        return
    click.echo(table(["no", "unit", "periode", "unsur", "tindakan", "penanggung jawab",
                      "batas waktu", "bukti", "status"], lines))


@rtl_group.command("add")
@click.option("--unit", required=True, help="Kode atau nama unit layanan.")
@period_option(required=True)
@click.option("--element", required=True, help="Unsur: U1..U9 (U14 untuk 25/2004) atau namanya.")
@click.option("--action", required=True, help="Tindakan perbaikan.")
@click.option("--owner", required=True, help="Penanggung jawab.")
@click.option("--deadline", default=None, help="Batas waktu (YYYY-MM-DD).")
@click.option("--evidence", default=None, help="Bukti pelaksanaan (keterangan atau tautan).")
@click.option("--status", default="draft", show_default=True, help="draft, berjalan, selesai.")
@click.option("--by", "by", required=True, help="Nama pengguna pengisi (dicatat di log audit).")
def survey_rtl_add(unit: str, period, element: str, action: str, owner: str,  # type: ignore[no-untyped-def]
                   deadline: str | None, evidence: str | None, status: str, by: str) -> None:
    """Tambah satu rencana tindak lanjut."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from survey.api import add_followup

    by = _known_actor(by)
    with session_scope() as session:
        item = add_followup(session, survey=_survey_config(), unit=unit, period=period,
                            element=element, action=action, owner=owner,
                            deadline=_parse_deadline(deadline), evidence=evidence,
                            status=status, by=by)
        number = item.id
    click.echo(f"Tindak lanjut nomor {number} ditambahkan.")


@rtl_group.command("update")
@click.argument("followup_id", metavar="NOMOR", type=int)
@click.option("--action", default=None, help="Tindakan perbaikan.")
@click.option("--owner", default=None, help="Penanggung jawab.")
@click.option("--deadline", default=None, help="Batas waktu (YYYY-MM-DD).")
@click.option("--evidence", default=None, help="Bukti pelaksanaan.")
@click.option("--status", default=None, help="draft, berjalan, selesai.")
@click.option("--by", "by", required=True, help="Nama pengguna pengubah (dicatat di log audit).")
def survey_rtl_update(followup_id: int, action: str | None, owner: str | None,
                      deadline: str | None, evidence: str | None, status: str | None,
                      by: str) -> None:
    """Ubah rencana tindak lanjut NOMOR (mis. status atau bukti)."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from survey.api import update_followup

    by = _known_actor(by)
    with session_scope() as session:
        item = update_followup(session, followup_id, by=by, action=action, owner=owner,
                               deadline=_parse_deadline(deadline), evidence=evidence,
                               status=status)
        state = item.status
    click.echo(f"Tindak lanjut nomor {followup_id} diubah (status {state}).")


@rtl_group.command("remove")
@click.argument("followup_id", metavar="NOMOR", type=int)
@click.option("--by", "by", required=True, help="Nama pengguna penghapus (dicatat di log audit).")
@click.option("--yes", is_flag=True, help="Hapus tanpa bertanya.")
def survey_rtl_remove(followup_id: int, by: str, yes: bool) -> None:
    """Hapus rencana tindak lanjut NOMOR."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from survey.api import remove_followup

    by = _known_actor(by)
    if not yes:
        confirm(f"Hapus tindak lanjut nomor {followup_id}?")
    with session_scope() as session:
        remove_followup(session, followup_id, by=by)
    click.echo(f"Tindak lanjut nomor {followup_id} dihapus.")
