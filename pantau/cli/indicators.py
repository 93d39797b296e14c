"""`pantau plan ...`, `pantau indicators ...` and `pantau report ...`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pantau.cli.base import PantauGroup, period_option
from pantau.cli.output import table

if TYPE_CHECKING:
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


@plan_group.command("import")
@click.argument("file", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path))
def plan_import(file: Path) -> None:
    """Impor rencana dari BERKAS (.yaml, .csv, .xlsx); rencana yang sama diganti."""
    # deferred: keeps --help fast
    from indicators.api import plan_label, read_plan, save_plan
    from pantau.core.db import session_scope

    spec = read_plan(file)
    with session_scope() as session:
        result = save_plan(session, spec, source_file=file.name)
        label, pid = plan_label(result.plan), result.plan.id
    if result.unchanged:
        click.echo(f"Rencana {label} (ID {pid}) sudah tersimpan persis sama; tidak ada yang "
                   "diubah.")
        return
    verb = "diganti" if result.replaced else "diimpor"
    click.echo(f"Rencana {label} (ID {pid}) {verb}: {len(spec.sasaran)} sasaran, "
               f"{result.indicators} indikator.")
    if result.kept_values:
        click.echo(f"{result.kept_values} nilai manual indikator yang sama dipertahankan.")


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
def plan_show(ref: str) -> None:
    """Tampilkan sasaran dan indikator sebuah rencana."""
    # deferred: keeps --help fast
    from indicators.api import SOURCE_LABELS, find_plan, plan_label, plan_structure
    from pantau.core.db import session_scope

    with session_scope() as session:
        p = find_plan(session, ref)
        click.echo(f"{plan_label(p)} (ID {p.id})")
        if p.title:
            click.echo(p.title)
        for goal, inds in plan_structure(session, p):
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
            click.echo(f"\n{v.plan}")
        click.echo(f"  [{v.indicator_id}] {v.name}: realisasi {_num(v.realisasi)} "
                   f"| target {v.target_text} | capaian "
                   f"{_num(v.capaian) + '%' if v.capaian is not None else '-'} | {v.status}")


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
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Tanggal laporan (TTTT-BB-HH).")
@click.option("--format", "fmt", default="html,pdf,xlsx", show_default=True,
              help="Satu atau beberapa dari html, pdf, xlsx (dipisah koma).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder keluaran (bawaan: PANTAU_HOME/laporan).")
@click.option("--period", hidden=True, expose_value=False, is_eager=True,
              callback=_refuse_kind_as_period)
def report_media(kind: str, day: datetime, fmt: str, out_dir: Path | None) -> None:
    """Laporan monitoring media untuk pimpinan."""
    # deferred: keeps --help fast
    from indicators.api import write_media_report
    from pantau.config import get_config
    from pantau.core.db import session_scope

    period = MEDIA_REPORT_KINDS[kind]
    formats = _formats(fmt, ("html", "pdf", "xlsx"))
    config = get_config()
    click.echo("Menyusun laporan monitoring media ...", err=True)
    with session_scope() as session:
        paths = write_media_report(session, kind=period, day=day.date(), formats=formats,
                                   out_dir=out_dir or _default_out(),
                                   indicators=config.indicators,
                                   institution=config.institution)
    for path in paths:
        click.echo(f"  {path}")


@report_group.command("indicators")
@click.option("--year", type=int, required=True, help="Tahun rencana.")
@period_option(default_text="tahun --year")
@click.option("--format", "fmt", default="xlsx,pdf", show_default=True,
              help="Satu atau beberapa dari xlsx, pdf, html (dipisah koma).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder keluaran (bawaan: PANTAU_HOME/laporan).")
def report_indicators(year: int, period: Period | None, fmt: str,
                      out_dir: Path | None) -> None:
    """Tabel capaian indikator rencana tahun --year."""
    # deferred: keeps --help fast
    from indicators.api import write_indicator_report
    from pantau.config import get_config
    from pantau.core.db import session_scope

    formats = _formats(fmt, ("xlsx", "pdf", "html"))
    config = get_config()
    with session_scope() as session:
        paths = write_indicator_report(session, year=year, period=period, formats=formats,
                                       out_dir=out_dir or _default_out(),
                                       indicators=config.indicators, survey=config.survey,
                                       institution=config.institution)
    for path in paths:
        click.echo(f"  {path}")
