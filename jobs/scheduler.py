"""`pantau schedule`: APScheduler 3 in the foreground, its job store in the Pantau database.

Every job fires `dispatch(job_id)`, which runs the job in a worker subprocess
(`python -m pantau.worker ID --scheduled-for ... --trigger schedule`) with a time limit, so
a crawl that hangs or crashes never takes the scheduler or the other jobs with it. The
worker records its own history; `dispatch` fills in what a dead or killed worker could not.
The scheduler runs with the configuration it was started with (`run_scheduler(config)`);
each worker reads the configuration anew, as every process does at its edge.

Jobs keep their stored next run time across restarts when their trigger is unchanged, so a
run missed while the scheduler was down still happens once on start (within the misfire
grace time, coalesced).
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from jobs.config import JobsConfig
from jobs.definitions import JobSpec, find_job, job_specs, latest_fire_time
from jobs.engine import (
    broker_configured,
    claim_job,
    enqueue_job,
    queue_depth,
    republish_pending,
    settle_claim,
)
from jobs.metrics import database_ok, serve_health
from jobs.runs import hostname, recover_interrupted
from pantau.core.db import get_engine
from pantau.core.errors import PantauError
from pantau.core.runlog import BERJALAN, GAGAL, TERPUTUS, JobRun
from pantau.core.settings import get_settings
from pantau.core.timeutil import JAKARTA, format_wib, utcnow

log = logging.getLogger("pantau.jobs")

JOBSTORE_TABLE = "apscheduler_jobs"
DISPATCH = "jobs.scheduler:dispatch"
# The worker is an edge of the wiring (it reads the configuration), run by module name.
WORKER_MODULE = "pantau.worker"
_TERM_GRACE_SECONDS = 10
_running: dict[int, subprocess.Popen[bytes]] = {}
_running_lock = threading.Lock()
_stopping = threading.Event()  # the scheduler is shutting down: stopped workers are terputus
# The configuration of the running scheduler: APScheduler fires `dispatch(job_id)` by
# reference from its job store, so the scheduler process holds its config here.
_dispatch_config: JobsConfig | None = None


def make_jobstore(url: str | None = None) -> SQLAlchemyJobStore:
    return SQLAlchemyJobStore(engine=get_engine(url), tablename=JOBSTORE_TABLE)


def job_options(config: JobsConfig) -> dict[str, Any]:
    return {
        "coalesce": True,
        "max_instances": 1,
        "misfire_grace_time": config.schedule.misfire_grace_minutes * 60,
    }


def create_scheduler(
    config: JobsConfig, *, jobstore: Any, blocking: bool = True
) -> BaseScheduler:
    cls = BlockingScheduler if blocking else BackgroundScheduler
    return cls(
        timezone=JAKARTA,
        jobstores={"default": jobstore},
        executors={"default": ThreadPoolExecutor(config.schedule.max_parallel_jobs)},
        job_defaults=job_options(config),
    )


def sync_jobs(
    scheduler: BaseScheduler,
    jobstore: Any,
    specs: Sequence[JobSpec],
    *,
    options: dict[str, Any],
    func: str | Callable[..., Any] = DISPATCH,
) -> None:
    """Put exactly `specs` in the scheduler (explicit ids, replace_existing=True). A job whose
    trigger is unchanged keeps its stored next run time, so a run missed while the scheduler
    was down is not lost; jobs no longer configured are removed from the store.

    `jobstore` must be started (`jobstore.start(scheduler, alias)`) to be read here.
    """
    existing = {job.id: job for job in jobstore.get_all_jobs()}
    wanted = {spec.id for spec in specs}
    for job_id in sorted(set(existing) - wanted):
        log.info("Tugas %s tidak lagi ada di konfigurasi; dihapus dari penjadwal.", job_id)
        jobstore.remove_job(job_id)
    for spec in specs:
        kwargs: dict[str, Any] = dict(
            id=spec.id, name=spec.title, trigger=spec.trigger, args=[spec.id],
            replace_existing=True, **options,
        )
        old = existing.get(spec.id)
        if (old is not None and old.next_run_time is not None
                and repr(old.trigger) == repr(spec.trigger)):
            kwargs["next_run_time"] = old.next_run_time
        scheduler.add_job(func, **kwargs)


# --- running one job in a worker process -------------------------------------------------


def _worker_env() -> dict[str, str]:
    """The worker runs the same code as the scheduler (same package location)."""
    import pantau

    env = dict(os.environ)
    root = str(Path(pantau.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def worker_argv(job_id: str, scheduled_for: datetime) -> list[str]:
    return [sys.executable, "-m", WORKER_MODULE, job_id,
            "--scheduled-for", scheduled_for.isoformat(), "--trigger", "schedule"]


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the worker's process group, SIGKILL whatever is left after a grace time."""
    for sig, wait in ((signal.SIGTERM, _TERM_GRACE_SECONDS), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _limit_text(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)} menit"
    return f"{seconds:g} detik"


@dataclass
class WorkerResult:
    job: str
    pid: int
    returncode: int | None
    timed_out: bool
    output: str


def run_worker(
    job_id: str,
    argv: Sequence[str],
    *,
    timeout_seconds: float,
    scheduled_for: datetime | None = None,
    run_date: str | None = None,
) -> WorkerResult:
    """Run `argv` in its own process group with a time limit, then make the history true:
    runs the worker left `berjalan` become `gagal` (time limit or crash), and a worker that
    died before writing any history gets a `gagal` row of its own."""
    started = utcnow()
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, env=_worker_env())
    with _running_lock:
        _running[proc.pid] = proc
    timed_out = False
    try:
        try:
            out, _ = proc.communicate(timeout=timeout_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
            _stop_group(proc)
            out, _ = proc.communicate()
    finally:
        with _running_lock:
            _running.pop(proc.pid, None)
    output = (out or b"").decode("utf-8", errors="replace")
    for line in output.splitlines():
        log.info("[%s] %s", job_id, line)
    if _stopping.is_set():
        reason = "Penjadwal dihentikan saat proses ini berjalan."
    elif timed_out:
        reason = f"Dihentikan: melebihi batas waktu {_limit_text(timeout_seconds)}."
    else:
        reason = f"Proses pekerja berhenti dengan kode {proc.returncode}."
    tail = "\n".join(output.strip().splitlines()[-15:])
    _settle_history(job_id, proc.pid, started, reason, tail, proc.returncode, scheduled_for,
                    run_date, timed_out)
    return WorkerResult(job_id, proc.pid, proc.returncode, timed_out, output)


def _settle_history(
    job_id: str, pid: int, started: datetime, reason: str, tail: str,
    returncode: int | None, scheduled_for: datetime | None, run_date: str | None,
    timed_out: bool,
) -> None:
    me = hostname()
    with Session(get_engine(), expire_on_commit=False) as session:
        rows = session.exec(
            select(JobRun).where(JobRun.pid == pid, JobRun.host == me,
                                 col(JobRun.started_at) >= started - timedelta(seconds=5))
        ).all()
        for run in rows:
            if run.status == BERJALAN:
                run.status = TERPUTUS if _stopping.is_set() else GAGAL
                run.finished_at = utcnow()
                run.error = reason + (f"\n{tail}" if tail and not timed_out else "")
                session.add(run)
        if not rows and (timed_out or returncode != 0):
            session.add(JobRun(
                job=job_id, scheduled_for=scheduled_for, run_date=run_date,
                started_at=started, finished_at=utcnow(), status=GAGAL,
                error=reason + (f"\n{tail}" if tail else ""), pid=pid, host=me,
                trigger="schedule", counts={},
            ))
        session.commit()


def use_dispatch_config(config: JobsConfig) -> None:
    """Make `config` the one `dispatch` reads (the scheduler does at start)."""
    global _dispatch_config
    _dispatch_config = config


def dispatch(job_id: str) -> None:
    """The callable every scheduled job fires (by reference, from the job store).
    Never raises: one failing job never stops the scheduler or the others."""
    try:
        config = _dispatch_config
        if config is None:
            raise PantauError("Penjadwal belum dimulai: konfigurasinya belum ada.")
        spec = find_job(config, job_id)
        now = utcnow()
        grace = timedelta(minutes=config.schedule.misfire_grace_minutes)
        scheduled = latest_fire_time(spec.trigger, now, grace) or now
        if broker_configured():
            # With a task queue the scheduler only enqueues; workers run the job.
            key = enqueue_job(job_id, scheduled_for=scheduled)
            if key is not None:
                log.info("%s (jadwal %s) masuk antrean", job_id, format_wib(scheduled))
            return
        # The run is claimed first: a second scheduler firing the same run skips it.
        key = claim_job(job_id, scheduled)
        if key is None:
            return
        log.info("Mulai %s (jadwal %s)", job_id, format_wib(scheduled))
        try:
            result = run_worker(job_id, worker_argv(job_id, scheduled),
                                timeout_seconds=spec.timeout_seconds, scheduled_for=scheduled,
                                run_date=spec.day_for(scheduled).isoformat())
        except BaseException:
            settle_claim(key, ok=False, error="Penjadwal gagal menjalankan pekerja.")
            raise
        settle_claim(key, ok=result.returncode == 0,
                     error=None if result.returncode == 0 else f"kode {result.returncode}")
        outcome = "selesai" if result.returncode == 0 else "GAGAL"
        log.info("%s %s (kode %s)", job_id, outcome, result.returncode)
    except Exception:
        log.exception("Tugas %s gagal dijalankan", job_id)


def stop_workers() -> None:
    with _running_lock:
        procs = list(_running.values())
    for proc in procs:
        _stop_group(proc)


# --- the foreground scheduler and what `pantau status` reads -----------------------------


def _on_event(event: JobEvent) -> None:
    if event.code == EVENT_JOB_MISSED:
        log.warning("Tugas %s terlewat (jadwal %s, di luar batas toleransi).",
                    event.job_id, format_wib(event.scheduled_run_time))
    elif event.code == EVENT_JOB_ERROR:
        log.error("Tugas %s galat: %s", event.job_id, getattr(event, "exception", ""))


def run_scheduler(config: JobsConfig, *, standby: bool = False,
                  health_port: int | None = None, poll_seconds: float = 2.0) -> None:
    """`pantau schedule`: blocks until SIGTERM/SIGINT. With `standby`, a second scheduler
    waits until the first is gone (its lock released) and then takes over; `health_port`
    serves /healthz and /metrics (queue depth and the ledger's figures)."""
    waiting = threading.Event()
    if health_port:
        def check() -> tuple[bool, str | None]:
            ok, detail = database_ok()
            if ok and waiting.is_set():
                return True, "siaga"
            return ok, detail

        serve_health(health_port, check=check, queue_depth=queue_depth)
    if standby:
        waiting.set()
        stop = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        while True:
            try:
                with scheduler_lock():
                    waiting.clear()
                    log.info("Penjadwal ini kini yang aktif.")
                    signal.signal(signal.SIGTERM, previous)
                    _run_scheduler(config)
                    return
            except SchedulerBusy:  # another standby was quicker: wait again
                if stop.wait(poll_seconds):
                    return
    with scheduler_lock():
        _run_scheduler(config)


def _run_scheduler(config: JobsConfig) -> None:
    _stopping.clear()
    use_dispatch_config(config)
    lost = recover_interrupted()
    if lost:
        log.warning("%d proses terputus dari sebelumnya ditandai 'terputus'.", len(lost))
    if broker_configured():
        republished = republish_pending()
        if republished:
            log.warning("%d proses yang belum terkirim ke antrean dikirim ulang.", republished)
    store = make_jobstore()
    scheduler = create_scheduler(config, jobstore=store, blocking=True)
    store.start(scheduler, "default")
    sync_jobs(scheduler, store, job_specs(config), options=job_options(config))
    scheduler.add_listener(_on_event, EVENT_JOB_MISSED | EVENT_JOB_ERROR)

    def _terminate(signum: int, _frame: Any) -> None:
        log.info("Sinyal %s diterima; penjadwal berhenti.", signum)
        _stopping.set()
        threading.Thread(target=stop_workers, daemon=True).start()
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, _terminate)
    try:
        scheduler.start()
    except KeyboardInterrupt:
        pass
    finally:
        _stopping.set()
        stop_workers()


class SchedulerBusy(PantauError):
    """Another scheduler holds this database's scheduler lock."""


@contextmanager
def scheduler_lock(url: str | None = None) -> Iterator[None]:
    """One scheduler per database (two would run every job twice): a PostgreSQL advisory
    lock held on its own connection, or an exclusive lock file next to the SQLite file."""
    engine = get_engine(url)
    busy = SchedulerBusy(
        "Penjadwal lain sudah berjalan untuk basis data ini; hentikan dulu yang lama "
        "(mis. `systemctl stop pantau-schedule`)."
    )
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            key = "hashtext('pantau-penjadwal:' || current_database())"
            if not conn.execute(text(f"SELECT pg_try_advisory_lock({key})")).scalar():
                raise busy
            try:
                yield
            finally:
                conn.execute(text(f"SELECT pg_advisory_unlock({key})"))
        return
    database = engine.url.database or ""
    lock_path = Path(f"{database}.penjadwal.lock") if database not in ("", ":memory:") else (
        get_settings().ensure_home() / "penjadwal.lock")
    with open(lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def scheduler_running(url: str | None = None) -> bool:
    """Whether a `pantau schedule` process holds this database's scheduler lock."""
    try:
        with scheduler_lock(url):
            return False
    except PantauError:
        return True


def stored_next_runs(url: str | None = None) -> dict[str, datetime | None] | None:
    """Next run time of each job in the scheduler's store; None when it was never started."""
    engine = get_engine(url)
    try:
        if not inspect(engine).has_table(JOBSTORE_TABLE):
            return None
        with engine.connect() as conn:
            rows = conn.execute(text(f"SELECT id, next_run_time FROM {JOBSTORE_TABLE}")).all()
    except SQLAlchemyError:
        return None
    return {
        row[0]: datetime.fromtimestamp(row[1], UTC) if row[1] is not None else None
        for row in rows
    }
