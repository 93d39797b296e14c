"""`pantau` commands of jobs: schedule, run, runs, status, alerts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pantau.cli.base import DATE, PantauCommand, PantauGroup
from pantau.cli.output import table
from pantau.core.errors import InputError, PantauError

if TYPE_CHECKING:
    from collectors.api import SourceStatus


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


def _setup_logging(process: str = "schedule") -> None:
    from pantau.core.logs import setup_logging
    from pantau.core.settings import get_settings

    setup_logging(get_settings().log_format, process_name=process)


@click.command("schedule", cls=PantauCommand)
@click.option("--list", "list_only", is_flag=True,
              help="Tampilkan tugas terjadwal dan waktu berikutnya, lalu keluar.")
@click.option("--standby", is_flag=True,
              help="Siaga: bila penjadwal lain sedang berjalan, tunggu dan ambil alih "
                   "saat ia berhenti (tanpa opsi ini: menolak berjalan).")
@click.option("--health-port", type=click.IntRange(1, 65535), metavar="PORT",
              help="Layani /healthz dan /metrics (Prometheus) pada port ini.")
def schedule_command(list_only: bool, standby: bool, health_port: int | None) -> None:
    """Jalankan penjadwal di latar depan (hentikan dengan Ctrl-C atau SIGTERM)."""
    # deferred: keeps --help fast (APScheduler)
    from jobs.api import job_specs, run_scheduler
    from pantau.config import get_config
    from pantau.core.timeutil import format_wib, utcnow

    config = get_config()
    specs = job_specs(config)
    now = utcnow()
    click.echo("Tugas terjadwal (zona waktu Asia/Jakarta):")
    click.echo(table(["tugas", "berikutnya", "jadwal"],
                     [[spec.id, format_wib(spec.trigger.get_next_fire_time(None, now)),
                       spec.title] for spec in specs]))
    if list_only:
        return
    _setup_logging()
    click.echo("Penjadwal berjalan. Tekan Ctrl-C untuk berhenti.", err=True)
    run_scheduler(config, standby=standby, health_port=health_port)
    click.echo("Penjadwal berhenti.", err=True)


@click.command("worker", cls=PantauCommand)
@click.option("--name", metavar="NAMA", help="Nama pekerja (bawaan: pantau@<nama mesin>).")
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Tugas yang dikerjakan bersamaan oleh proses ini (dengan --pool threads "
                   "atau prefork).")
@click.option("--pool", type=click.Choice(["solo", "threads", "prefork"]), default="solo",
              show_default=True, help="Cara menjalankan tugas di proses ini.")
@click.option("--health-port", type=click.IntRange(1, 65535), metavar="PORT",
              help="Layani /healthz dan /metrics (Prometheus) pada port ini.")
def worker_command(name: str | None, concurrency: int, pool: str,
                   health_port: int | None) -> None:
    """Pekerja antrean tugas: kerjakan pengumpulan, pelabelan dan laporan dari antrean
    (PANTAU_BROKER_URL) sampai dihentikan."""
    # deferred: keeps --help fast (Celery)
    from jobs.api import queue_depth, run_engine_worker, serve_health
    from pantau.config import get_config

    config = get_config()
    _setup_logging("worker")
    if health_port:
        serve_health(health_port, queue_depth=queue_depth)
    click.echo("Pekerja berjalan. Hentikan dengan Ctrl-C atau SIGTERM.", err=True)
    run_engine_worker(config, name=name or None, concurrency=concurrency, pool=pool)
    click.echo("Pekerja berhenti.", err=True)


@click.group("run", cls=PantauGroup)
def run_group() -> None:
    """Jalankan proses sekali sekarang (untuk cron dan pengujian)."""


def _finish(run_status: str, run_id: int | None, error: str | None) -> None:
    if run_status != "berhasil":
        shown = (error or "-").split("\nTraceback")[0]  # the full trace stays in the history
        raise PantauError(f"Proses {run_id} {run_status}:\n{shown}")
    click.echo(f"Proses {run_id} berhasil.")


@run_group.command("daily")
@click.option("--date", "day", type=DATE, help="Hari yang diproses (WIB). Bawaan: kemarin.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder laporan. Bawaan: [schedule] report_dir atau PANTAU_HOME/laporan.")
@click.option("--only", "only", metavar="LANGKAH,...",
              help="Hanya langkah ini: collect, label, indicators, report, alerts.")
def run_daily(day: date | None, out_dir: Path | None, only: str | None) -> None:
    """Proses harian lengkap: kumpulkan, labeli, hitung, laporan, peringatan."""
    # deferred: keeps --help fast
    from jobs.api import run_daily as run_daily_pipeline
    from jobs.api import yesterday_wib
    from pantau.config import get_config

    day = day or yesterday_wib()
    steps = [s.strip() for s in only.split(",") if s.strip()] if only else None
    run = run_daily_pipeline(day=day, out_dir=out_dir, only=steps, config=get_config(),
                             echo=_echo_err)
    _finish(run.status, run.id, run.error)


@run_group.command("job")
@click.argument("job_id", metavar="TUGAS")
@click.option("--date", "day", type=DATE, help="Hari yang diproses (WIB).")
@click.option("--scheduled-for", "scheduled_text", hidden=True)
@click.option("--trigger", default="manual", hidden=True)
@click.option("--queue", "to_queue", is_flag=True,
              help="Masukkan ke antrean tugas (PANTAU_BROKER_URL) untuk dikerjakan para "
                   "pekerja, alih-alih menjalankannya di sini.")
def run_job(job_id: str, day: date | None, scheduled_text: str | None,
            trigger: str, to_queue: bool) -> None:
    """Jalankan TUGAS dari jadwal sekarang (mis. collect:semua, label, report:weekly)."""
    # deferred: keeps --help fast
    from jobs.api import enqueue_job, find_job, run_scheduled_job
    from pantau.config import get_config

    scheduled = datetime.fromisoformat(scheduled_text) if scheduled_text else None
    if to_queue:
        if day:
            raise InputError("--date tidak dapat dipakai bersama --queue.")
        find_job(get_config(), job_id)
        key = enqueue_job(job_id, scheduled_for=scheduled, trigger="manual")
        if key is None:
            raise PantauError(f"Proses {job_id} untuk waktu itu sudah ada di antrean.")
        click.echo(f"Masuk antrean: {key}")
        return
    run = run_scheduled_job(job_id, config=get_config(), scheduled_for=scheduled,
                            trigger=trigger, day=day, echo=_echo_err)
    _finish(run.status, run.id, run.error)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0]


@click.command("runs", cls=PantauCommand)
@click.option("--job", help="Nama tugas, mis. daily, collect (semua grup) atau report:daily.")
@click.option("--failed", is_flag=True, help="Hanya yang gagal atau terputus.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000),
              help="Jumlah baris.")
def runs_command(job: str | None, failed: bool, limit: int) -> None:
    """Riwayat proses: mulai, selesai, status, jumlah, galat."""
    # deferred: keeps --help fast
    from jobs.api import list_runs
    from pantau.core.db import session_scope
    from pantau.core.runlog import describe_counts
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        runs = list_runs(session, job=job, failed=failed, limit=limit)
    if not runs:
        click.echo("Belum ada riwayat proses.")
        return
    click.echo(table(
        ["ID", "tugas", "mulai", "selesai", "status", "jumlah"],
        [[run.id, ("  " if run.parent_id else "") + run.job, format_wib(run.started_at),
          format_wib(run.finished_at), run.status, describe_counts(run.counts)] for run in runs],
        right={"ID"},
        notes=[f"galat: {_first_line(run.error)}" if run.error else None for run in runs]))


@click.command("status", cls=PantauCommand)
def status_command() -> None:
    """Jadwal berikutnya, proses terakhir tiap tugas, dan kesehatan sumber."""
    # deferred: keeps --help fast
    from collectors.api import source_statuses
    from jobs.api import (
        job_specs,
        last_runs,
        recover_interrupted,
        scheduler_running,
        stored_next_runs,
    )
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from pantau.core.runlog import describe_counts
    from pantau.core.timeutil import format_wib

    recover_interrupted()
    config = get_config()
    specs = {s.id: s for s in job_specs(config)}
    stored = stored_next_runs()
    running = scheduler_running()
    click.echo("Penjadwal: " + ("sedang berjalan" if running else "TIDAK berjalan"))
    if stored is None:
        click.echo("  belum pernah dijalankan (jalankan `pantau schedule`).")
    else:
        rows = []
        for job_id in sorted(set(specs) | set(stored)):
            where = "tidak ada di penjadwal" if job_id not in stored else (
                format_wib(stored[job_id]) if stored[job_id] else "dijeda")
            title = specs[job_id].title if job_id in specs else "(tidak lagi dikonfigurasi)"
            rows.append([job_id, where, title])
        click.echo(table(["tugas", "berikutnya", "jadwal"], rows))
    with session_scope() as session:
        latest = last_runs(session)
        statuses = source_statuses(session, config=config)
    click.echo("Proses terakhir:")
    if not latest:
        click.echo("  belum ada.")
    else:
        click.echo(table(["tugas", "mulai", "status", "jumlah"],
                         [[job_id, format_wib(run.started_at), run.status,
                           describe_counts(run.counts)] for job_id, run in latest.items()]))
    click.echo("Kesehatan sumber:")
    if not statuses:
        click.echo("  belum ada sumber.")
        return
    click.echo(table(
        ["sumber", "kesehatan", "berhasil terakhir", "butir"],
        [[status.name, _health(status), format_wib(status.source.last_success_at),
          status.source.items_total] for status in statuses],
        right={"butir"},
        notes=[f"galat terakhir: {_first_line(s.source.last_error)}"
               if s.collected and s.source.consecutive_failures and s.source.last_error
               else None for s in statuses]))


def _health(status: SourceStatus) -> str:
    source = status.source
    if not status.collected:
        return status.state
    if source.consecutive_failures:
        return f"GAGAL {source.consecutive_failures}x berturut-turut"
    return "sehat" if source.last_success_at else "belum pernah dikumpulkan"


@click.group("alerts", cls=PantauGroup)
def alerts_group() -> None:
    """Peringatan: periksa aturan, kirim, dan lihat riwayat pengiriman."""


@alerts_group.command("check")
@click.option("--date", "day", type=DATE, help="Hari yang diperiksa. Bawaan: hari ini.")
def alerts_check(day: date | None) -> None:
    """Periksa aturan peringatan dan kirim yang baru."""
    # deferred: keeps --help fast
    from jobs.api import check_alerts
    from pantau.config import get_config
    from pantau.core.timeutil import JAKARTA, utcnow

    config = get_config()
    if not config.alerts.rules or not config.alerts.channels:
        raise PantauError("Belum ada aturan atau kanal peringatan di konfigurasi [alerts].")
    day = day or utcnow().astimezone(JAKARTA).date()
    summary = check_alerts(day=day, alerts=config.alerts, indicators=config.indicators,
                           profiles=config.profiles, sources=config.sources)
    click.echo(f"Peringatan terkirim: {summary.sent}; gagal: {summary.failed}; "
               f"sudah dikirim sebelumnya: {summary.already}.")
    if summary.failed:
        raise PantauError("Sebagian peringatan gagal dikirim:\n" + "\n".join(summary.errors))


@alerts_group.command("list")
@click.option("--failed", is_flag=True, help="Hanya yang belum terkirim.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000),
              help="Jumlah baris.")
def alerts_list(failed: bool, limit: int) -> None:
    """Riwayat pengiriman peringatan."""
    # deferred: keeps --help fast
    from jobs.api import list_deliveries
    from pantau.core.db import session_scope
    from pantau.core.timeutil import format_wib

    with session_scope() as session:
        rows = list_deliveries(session, limit=limit, failed=failed)
    if not rows:
        click.echo("Belum ada peringatan.")
        return
    click.echo(table(
        ["dibuat", "kanal", "status", "percobaan", "judul"],
        [[format_wib(row.created_at), row.channel, row.status, f"{row.attempts}x", row.subject]
         for row in rows],
        right={"percobaan"},
        notes=[f"galat: {row.last_error}" if row.last_error and row.status != "terkirim"
               else None for row in rows]))


@alerts_group.command("test")
@click.option("--channel", "channel_name", help="Nama kanal. Bawaan: semua kanal.")
def alerts_test(channel_name: str | None) -> None:
    """Kirim pesan uji ke kanal peringatan (memeriksa pengaturan SMTP/webhook)."""
    # deferred: keeps --help fast
    from jobs.api import Alert, deliver, describe_channel
    from pantau.config import get_config
    from pantau.core.timeutil import format_wib, utcnow

    config = get_config().alerts
    channels = [c for c in config.channels if channel_name in (None, c.name)]
    if not channels:
        raise PantauError(f"Kanal '{channel_name}' tidak ada di konfigurasi [alerts].")
    now = utcnow()
    alert = Alert(key=f"uji:{now.isoformat()}", rule="uji",
                  subject="[Pantau] Pesan uji peringatan",
                  body=f"Pesan uji dari Pantau, dikirim {format_wib(now)}.", day=None)
    summary = deliver([alert], channels, max_attempts=config.max_attempts,
                      backoff_seconds=config.backoff_seconds)
    for channel in channels:
        click.echo(f"  {describe_channel(channel)}")
    click.echo(f"Terkirim: {summary.sent}; gagal: {summary.failed}.")
    if summary.failed:
        raise PantauError("Pesan uji gagal dikirim:\n" + "\n".join(summary.errors))
