"""`pantau survey ...`: import responses, score, report, blank template, list units."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pantau.cli.base import PantauGroup, confirm, period_option
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
@click.option("--unit", required=True, help="Kode atau nama unit layanan (dibuat bila belum ada).")
@period_option(required=True)
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas pemetaan kolom (TOML, YAML atau CSV: judul kolom -> isian).")
@click.option("--dry-run", is_flag=True, help="Hanya periksa berkas; tidak ada yang disimpan.")
@click.option("--skip-invalid", is_flag=True,
              help="Simpan baris yang valid; baris yang ditolak ditulis ke berkas terpisah.")
@click.option("--rejected", "rejected_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas baris yang ditolak (bawaan: <nama berkas>-ditolak.csv).")
def survey_import(file: Path, unit: str, period, mapping: Path | None, dry_run: bool,  # type: ignore[no-untyped-def]
                   skip_invalid: bool, rejected_path: Path | None) -> None:
    """Impor respons survei dari BERKAS (CSV atau XLSX)."""
    # deferred: keeps --help fast
    from survey.api import import_file

    def progress(rows: int) -> None:
        click.echo(f"  {rows:,} baris diproses".replace(",", "."), err=True)

    result = import_file(file, survey=_survey_config(), unit=unit, period=period,
                         mapping=mapping, dry_run=dry_run, skip_invalid=skip_invalid,
                         rejected_path=rejected_path, progress=progress)
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
@click.option("--json", "as_json", is_flag=True, help="Cetak satu objek JSON.")
def survey_score(unit: str | None, period, service: str | None, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    """Hitung NRR per unsur, IKM dan mutu pelayanan."""
    # deferred: keeps --help fast
    from pantau.core import render
    from pantau.core.db import session_scope
    from survey.api import score_unit

    with session_scope() as session:
        score = score_unit(session, survey=_survey_config(), unit=unit, period=period,
                           service=service)
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
    click.echo(table(["kode", "unsur", "NRR", "mutu"],
                     [[e.code, e.name, render.fmt_number(e.nrr, 3), f"{e.grade} ({e.label})"]
                      for e in score.elements], right={"NRR"}))
    click.echo(f"IKM: {render.fmt_number(score.ikm)}  Mutu: {score.grade} ({score.label})")
    click.echo(f"Metode: {score.method}")
    click.echo("Prioritas perbaikan: " + ", ".join(score.priorities))
    if score.sample_warning:
        click.echo(f"Peringatan: {score.sample_warning}", err=True)


@survey_group.command("report")
@click.option("--unit", default=None, help="Kode atau nama unit layanan (bawaan: semua unit).")
@period_option(required=True)
@click.option("--service", default=None, help="Hanya satu jenis layanan.")
@click.option("--format", "formats", default="xlsx,html,pdf", show_default=True,
              help="Format dipisah koma: xlsx, html, pdf.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("laporan-skm"), show_default=True, help="Folder keluaran.")
def survey_report(unit: str | None, period, service: str | None, formats: str,  # type: ignore[no-untyped-def]
                   out_dir: Path) -> None:
    """Tulis laporan SKM (XLSX, HTML, PDF)."""
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
                                    service=service)
    click.echo("Laporan ditulis:")
    for path in paths:
        click.echo(f"  {path}")


@survey_group.command("template")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("templat-skm.xlsx"), show_default=True,
              help="Berkas tujuan: .xlsx atau .csv.")
@click.option("--unit", default=None, help="Cantumkan jenis layanan unit ini di petunjuk.")
def survey_template(out_path: Path, unit: str | None) -> None:
    """Tulis templat kosong (XLSX/CSV) untuk diisi petugas survei."""
    # deferred: keeps --help fast
    from survey.api import unit_config, write_template

    conf = unit_config(_survey_config(), unit) if unit else None
    path = write_template(out_path, services=conf.services if conf else None)
    click.echo(f"Templat ditulis: {path}")


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
    from survey.api import remove_batch

    if not yes:
        confirm(f"Hapus impor nomor {batch_id} beserta semua responsnya?")
    with session_scope() as session:
        removed = remove_batch(session, batch_id, by=by or getpass.getuser())
    click.echo(f"Impor nomor {batch_id} dihapus: {removed} respons. Berkasnya dapat diimpor "
               "ulang.")


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
                   "konfigurasi atau impor berkas dengan --unit.")
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
