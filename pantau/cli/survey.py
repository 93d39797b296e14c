"""`pantau survey ...`: import responses, score, report, blank template, list units."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pantau.core import render
from pantau.core.errors import InputError
from pantau.core.periods import parse_period
from pantau.core.timeutil import format_wib

if TYPE_CHECKING:
    from survey.config import SurveyConfig

# Every command imports the survey domain (and SQLAlchemy, openpyxl) only when it runs, so
# `pantau --help` stays fast: hence the `# deferred:` imports below.


def _period(_ctx: click.Context, _param: click.Parameter, value: str | None):  # type: ignore[no-untyped-def]
    return parse_period(value) if value is not None else None


def _survey_config() -> SurveyConfig:
    """The `[survey]` section, read here at the edge and passed to the domain."""
    from pantau.config import get_config  # deferred: loads every domain's config model

    return get_config().survey


@click.group()
def survey() -> None:
    """Survei Kepuasan Masyarakat (SKM, PermenPANRB 14/2017)."""


@survey.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--unit", required=True, help="Kode atau nama unit layanan (dibuat bila belum ada).")
@click.option("--period", required=True, callback=_period,
              help="Periode survei: 2023, 2023-05, 2023-TW2, 2023-S1 atau 2023-01-01..2023-06-30.")
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas pemetaan kolom (TOML, YAML atau CSV: judul kolom -> isian).")
@click.option("--dry-run", is_flag=True, help="Hanya periksa berkas; tidak ada yang disimpan.")
@click.option("--skip-invalid", is_flag=True,
              help="Simpan baris yang valid; baris yang ditolak ditulis ke berkas terpisah.")
@click.option("--rejected", "rejected_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas baris yang ditolak (bawaan: <nama berkas>-ditolak.csv).")
def import_command(file: Path, unit: str, period, mapping: Path | None, dry_run: bool,  # type: ignore[no-untyped-def]
                   skip_invalid: bool, rejected_path: Path | None) -> None:
    """Impor respons survei dari FILE (CSV atau XLSX)."""
    from survey.api import import_file  # deferred: the domain loads when its command runs

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


@survey.command("score")
@click.option("--unit", default=None, help="Kode atau nama unit layanan (bawaan: semua unit).")
@click.option("--period", required=True, callback=_period, help="Periode, mis. 2023 atau 2023-TW2.")
@click.option("--service", default=None, help="Hanya satu jenis layanan.")
@click.option("--json", "as_json", is_flag=True, help="Cetak satu objek JSON.")
def score_command(unit: str | None, period, service: str | None, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    """Hitung NRR per unsur, IKM dan mutu pelayanan."""
    # deferred: the database and the domain load when the command runs
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
    width = max(len(e.name) for e in score.elements)
    for e in score.elements:
        nrr = render.fmt_number(e.nrr, 3)
        click.echo(f"  {e.code} {e.name:<{width}}  NRR {nrr}  mutu {e.grade} ({e.label})")
    click.echo(f"IKM: {render.fmt_number(score.ikm)}  Mutu: {score.grade} ({score.label})")
    click.echo(f"Metode: {score.method}")
    click.echo("Prioritas perbaikan: " + ", ".join(score.priorities))
    if score.sample_warning:
        click.echo(f"Peringatan: {score.sample_warning}", err=True)


@survey.command("report")
@click.option("--unit", default=None, help="Kode atau nama unit layanan (bawaan: semua unit).")
@click.option("--period", required=True, callback=_period, help="Periode, mis. 2023-S1.")
@click.option("--service", default=None, help="Hanya satu jenis layanan.")
@click.option("--format", "formats", default="xlsx,html,pdf", show_default=True,
              help="Format dipisah koma: xlsx, html, pdf.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("laporan-skm"), show_default=True, help="Folder keluaran.")
def report_command(unit: str | None, period, service: str | None, formats: str,  # type: ignore[no-untyped-def]
                   out_dir: Path) -> None:
    """Tulis laporan SKM (XLSX, HTML, PDF)."""
    # deferred: the database, the domain and the config load when the command runs
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


@survey.command("template")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("templat-skm.xlsx"), show_default=True,
              help="Berkas tujuan: .xlsx atau .csv.")
@click.option("--unit", default=None, help="Cantumkan jenis layanan unit ini di petunjuk.")
def template_command(out_path: Path, unit: str | None) -> None:
    """Tulis templat kosong (XLSX/CSV) untuk diisi petugas survei."""
    from survey.api import unit_config, write_template  # deferred: loads when the command runs

    conf = unit_config(_survey_config(), unit) if unit else None
    path = write_template(out_path, services=conf.services if conf else None)
    click.echo(f"Templat ditulis: {path}")


@survey.command("batches")
def batches_command() -> None:
    """Daftar impor berkas: nomor, waktu, berkas, unit, periode, jumlah respons."""
    # deferred: the database and the domain load when the command runs
    from pantau.core.db import session_scope
    from survey.api import list_batches

    with session_scope() as session:
        rows = list_batches(session)
    if not rows:
        click.echo("Belum ada berkas yang diimpor.")
        return
    for batch, unit, period in rows:
        click.echo(f"{batch.id}: {format_wib(batch.imported_at)} {batch.file_name} - unit {unit}, "
                   f"periode {period}, {batch.rows_stored} respons, {batch.rows_rejected} ditolak")


@survey.command("remove-batch")
@click.argument("batch_id", type=int)
@click.option("--yes", is_flag=True, help="Hapus tanpa bertanya.")
def remove_batch_command(batch_id: int, yes: bool) -> None:
    """Hapus satu impor beserta responsnya (mis. salah unit atau periode)."""
    # deferred: the database and the domain load when the command runs
    from pantau.core.db import session_scope
    from survey.api import remove_batch

    if not yes:
        click.confirm(f"Hapus impor nomor {batch_id} beserta semua responsnya?", abort=True)
    with session_scope() as session:
        removed = remove_batch(session, batch_id)
    click.echo(f"Impor nomor {batch_id} dihapus: {removed} respons. Berkasnya dapat diimpor "
               "ulang.")


@survey.command("units")
def units_command() -> None:
    """Daftar unit layanan, layanannya dan jumlah respons."""
    # deferred: the database and the domain load when the command runs
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


COMMANDS: list[click.Command] = [survey]
